-- What 0.4 adds to the job. Segments recorded in O(1): each rendition's progress (its last recorded segment, the seconds its segments cover)
-- in a row of its own, filled here from the segments that earlier versions recorded, so that a failed job of before
-- resumes after its last segment. The sample peak beside each loudness measurement, the segment length in force at
-- submission (null in older rows), and the index that serves the counts by status, the queue and the finished jobs
-- over time (monitoring's JobStatistics, retention). IF NOT EXISTS: development builds between 0.3 and Flyway had
-- EclipseLink generate these already.
CREATE TABLE IF NOT EXISTS RENDITION_PROGRESS (
    JOB_ID VARCHAR(36) NOT NULL,
    RENDITION VARCHAR(16) NOT NULL,
    LAST_SEQUENCE INTEGER NOT NULL,
    COVERED_S DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (JOB_ID, RENDITION),
    CONSTRAINT FK_RENDITION_PROGRESS_JOB_ID FOREIGN KEY (JOB_ID) REFERENCES TRANSCODE_JOB (ID)
);
INSERT INTO RENDITION_PROGRESS (JOB_ID, RENDITION, LAST_SEQUENCE, COVERED_S)
    SELECT S.JOB_ID, S.RENDITION, MAX(S.SEQUENCE_NUMBER), SUM(S.DURATION_S) FROM SEGMENT S
    WHERE NOT EXISTS (SELECT 1 FROM RENDITION_PROGRESS P WHERE P.JOB_ID = S.JOB_ID AND P.RENDITION = S.RENDITION)
    GROUP BY S.JOB_ID, S.RENDITION;

ALTER TABLE TRANSCODE_JOB ADD COLUMN IF NOT EXISTS SOURCE_SAMPLE_PEAK_DBFS DOUBLE PRECISION;
ALTER TABLE TRANSCODE_JOB ADD COLUMN IF NOT EXISTS OUTPUT_SAMPLE_PEAK_DBFS DOUBLE PRECISION;
ALTER TABLE TRANSCODE_JOB ADD COLUMN IF NOT EXISTS SEGMENT_SECONDS INTEGER;
CREATE INDEX IF NOT EXISTS TRANSCODE_JOB_STATUS ON TRANSCODE_JOB (STATUS, COMPLETED_AT);
