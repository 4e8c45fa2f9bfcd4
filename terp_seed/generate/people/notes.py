"""Discussion on client notes: the colleague who chases a buyer answers its credit notes.

An over-limit review or a collections follow-up is read by the buyer's collector, who comments
on what they will do; the note's author sometimes answers in the thread. Each comment is also
a COMMENTED entry in the note's activity.
"""

import numpy as np
import pandas as pd

from terp_seed.generate.people.crm import collector_of
from terp_seed.generate.people.world import World, minutes, numbered, to_json
from terp_seed.terp import people as vocab

DISCUSSED_TAGS = ("over-limit", "collections")
DISCUSSED_SHARE = 0.5
ANSWER_SHARE = 0.5
COMMENT_LINES = (
    "Holding new orders until the oldest invoice is paid.",
    "Spoke to their buyer; payment promised by Friday.",
    "Agreed. I will ask for a partial payment on the next delivery.",
)
ANSWER = "Thanks, keep me posted."


def build_note_comments(world: World, notes: pd.DataFrame) -> pd.DataFrame:
    """Collector comments on discussed notes, and the author's answers as replies."""
    discussed = notes[[bool(set(tags) & set(DISCUSSED_TAGS)) for tags in notes["tags"]]]
    rng = world.rng("note_comments")
    discussed = discussed[rng.random(len(discussed)) < DISCUSSED_SHARE]
    commenter = discussed["client_id"].map(collector_of(world)).astype("int64")
    # The collector comments on someone else's note; their own follow-ups need no answer.
    discussed = discussed[commenter != discussed["author"]]
    commenter = commenter[discussed.index]
    said = discussed["at"] + minutes(rng, 30, 2 * 24 * 60, len(discussed))
    lines = np.asarray(COMMENT_LINES, dtype=object)[rng.integers(0, 3, len(discussed))]
    first = pd.DataFrame(
        {
            "noteId": discussed["note_id"].to_numpy(),
            "userId": commenter.to_numpy(),
            "content": lines,
            "createdAt": said.to_numpy(),
            "_thread": np.arange(len(discussed)),
            "_step": 0,
        }
    )
    answered = rng.random(len(discussed)) < ANSWER_SHARE
    answer_at = said + minutes(rng, 10, 240, len(discussed))
    replies = pd.DataFrame(
        {
            "noteId": discussed["note_id"].to_numpy(),
            "userId": discussed["author"].to_numpy(),
            "content": ANSWER,
            "createdAt": answer_at.to_numpy(),
            "_thread": np.arange(len(discussed)),
            "_step": 1,
        }
    )[answered]
    comments = pd.concat([first, replies], ignore_index=True)
    comments = comments[comments["createdAt"] <= world.cutoff]
    comments = numbered(comments, ["createdAt", "_thread", "_step"])
    opening = comments[comments["_step"] == 0].set_index("_thread")["id"]
    comments["parentCommentId"] = (
        comments["_thread"].map(opening).where(comments["_step"] == 1).astype("Int64")
    )
    comments["isResolved"] = 0
    comments["updatedAt"] = comments["createdAt"]
    return comments.drop(columns=["_thread", "_step"])


def build_note_activity(freeform: pd.DataFrame, comments: pd.DataFrame) -> pd.DataFrame:
    """Each note's history: CREATED when written, COMMENTED at each comment on it."""
    created = pd.DataFrame(
        {
            "noteId": freeform["id"].to_numpy(),
            "userId": freeform["userId"].to_numpy(),
            "activityType": vocab.NOTE_CREATED,
            "metadata": to_json({"title": t} for t in freeform["title"]),
            "createdAt": freeform["createdAt"].to_numpy(),
        }
    )
    commented = pd.DataFrame(
        {
            "noteId": comments["noteId"].to_numpy(),
            "userId": comments["userId"].to_numpy(),
            "activityType": vocab.NOTE_COMMENTED,
            "metadata": to_json({"commentId": int(c)} for c in comments["id"]),
            "createdAt": comments["createdAt"].to_numpy(),
        }
    )
    return numbered(pd.concat([created, commented], ignore_index=True), ["createdAt", "noteId"])
