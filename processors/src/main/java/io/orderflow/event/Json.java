package io.orderflow.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper: thread-safe and costly to build, so shared. Amounts travel as decimal strings, so a
 * JSON number with a fraction or an exponent is read as a double: {@code 1e500000000} is then Infinity, read
 * at once, where a BigDecimal would build a number of half a billion digits on first use.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }
}
