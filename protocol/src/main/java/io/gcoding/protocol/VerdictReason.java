package io.gcoding.protocol;

import java.util.Locale;

/**
 * Why a message was dropped or rejected, as a closed set: the coordinator counts rejections per reason (a metric
 * tag), so an operator sees what a hostile or broken peer tries without reading the log.
 */
public enum VerdictReason {
    // rejections: a misbehaving or unauthorised peer
    MALFORMED,
    NOT_HELLO,
    BAD_TOKEN,
    UNKNOWN_WORKER,
    DUPLICATE_WORKER,
    NO_HELLO_IN_TIME,
    PROTOCOL_VERSION,
    SECOND_HELLO,
    EMPTY_BODY,
    FUTURE_ROUND,
    BAD_CHUNK_COUNT,
    UNISSUED_VERSION,
    UNASKED_UPLOAD,
    WRONG_LENGTH,
    NON_FINITE,
    // drops: normal under asynchrony (or a replay), never acted on
    STALE_ROUND,
    STALE_VERSION,
    DUPLICATE_MESSAGE,
    NO_SESSION;

    /** The metric tag value, e.g. {@code bad_token}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
