-- Secrets that the servers generate when none is configured (platform's GeneratedSecrets: the playback signing key,
-- the webhook secret), one row each, so that every server sharing the database signs with the same one. The primary
-- key makes the first server to insert a secret its author; the others read its row.
CREATE TABLE GENERATED_SECRET (
    NAME VARCHAR(64) NOT NULL,
    SECRET VARCHAR(1000) NOT NULL,
    CREATED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (NAME)
);
