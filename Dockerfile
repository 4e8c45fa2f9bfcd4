# One image for the code server, the webserver and the daemon.
FROM python:3.11-slim
WORKDIR /opt/terp-seed
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY terp_seed ./terp_seed
RUN pip install --no-cache-dir --no-deps .
ENV DAGSTER_HOME=/opt/dagster/home
COPY deploy/dagster.yaml workspace.yaml /opt/dagster/home/
