-- The HLS container a job asked for (form field container: MPEG_TS or FRAGMENTED_MP4), for its single output and for
-- each of a ladder's rungs. Null in older rows, which had their codec's default (AAC and MP3 in MPEG-TS).
ALTER TABLE TRANSCODE_JOB ADD COLUMN CONTAINER VARCHAR(16);
ALTER TABLE JOB_RENDITION ADD COLUMN CONTAINER VARCHAR(16);
