-- Submissions under an Idempotency-Key (intake's IdempotentRequest): one row per client and key, which the unique
-- constraint keeps to one across servers sharing the database. No foreign key to the job: the stored answer is
-- replayed as it was even once retention or a discard has removed the job's row.
CREATE TABLE IDEMPOTENCY_KEY (
    ID VARCHAR(36) NOT NULL,
    CLIENT VARCHAR(300) NOT NULL,
    IDEMPOTENCY_KEY VARCHAR(255) NOT NULL,
    FINGERPRINT VARCHAR(64) NOT NULL,
    STATE VARCHAR(16) NOT NULL,
    JOB_ID VARCHAR(36),
    RESPONSE_STATUS INTEGER,
    RESPONSE_BODY VARCHAR(4000),
    CREATED_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    EXPIRES_AT TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (ID),
    CONSTRAINT IDEMPOTENCY_KEY_PER_CLIENT UNIQUE (CLIENT, IDEMPOTENCY_KEY)
);
-- expired keys are deleted by their expiry
CREATE INDEX IDEMPOTENCY_KEY_EXPIRES ON IDEMPOTENCY_KEY (EXPIRES_AT);
