-- Servers sharing one database: each claimed job carries its holder (CLAIMED_BY, already there), an epoch that grows
-- with every claim (the fencing token that each of the holder's writes must still match) and a lease that the holder
-- renews on its heartbeat; a job whose lease has expired is claimed again like a queued one. Jobs that were
-- Processing before this version have no lease, which counts as expired.
ALTER TABLE TRANSCODE_JOB ADD COLUMN EPOCH BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE TRANSCODE_JOB ADD COLUMN LEASE_EXPIRES_AT TIMESTAMP WITH TIME ZONE;

-- the claim: by status, then in queue order
CREATE INDEX TRANSCODE_JOB_QUEUE ON TRANSCODE_JOB (STATUS, PRIORITY_RANK, CREATED_AT, ID);
-- a job's segments and rungs by job (H2 indexes a foreign key by itself, PostgreSQL does not)
CREATE INDEX SEGMENT_JOB ON SEGMENT (JOB_ID);
CREATE INDEX JOB_RENDITION_JOB ON JOB_RENDITION (JOB_ID);

-- the live servers, each renewing its row on its heartbeat
CREATE TABLE STREAM_SERVER (
    INSTANCE_ID VARCHAR(128) NOT NULL,
    STARTED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    HEARTBEAT_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    WORKERS INTEGER NOT NULL,
    SLOTS_IN_USE INTEGER NOT NULL,
    PRIMARY KEY (INSTANCE_ID)
);
CREATE INDEX STREAM_SERVER_HEARTBEAT ON STREAM_SERVER (HEARTBEAT_AT);
