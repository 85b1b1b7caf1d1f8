package io.streamserver.storage.control;

/** What the bucket says of an object before it is read: its size, its ETag (quoted, as S3 sends it) and its age. */
public record StoredObject(long size, String etag, long modifiedMillis) {
}
