package io.backchannel.node;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.backchannel.contracts.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile input for the fuzz tests: text of every kind, JSON of any shape,
 * and ids that are almost right.
 */
public final class FuzzInputs {

    private FuzzInputs() {
    }

    /**
     * Any text: unicode, control characters, JSON syntax, and now and then a lot of it.
     */
    public static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(40).map(FuzzInputs::wellFormed)),
                Tuple.of(3, Arbitraries.strings().withChars("{}[]\":,\\ntrufalse0123456789.-+eE ").ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().ascii().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1000).ofMaxLength(5000)));
    }

    /** A JSON value (valid JSON) up to the given depth of nesting. */
    public static Arbitrary<String> json(int depth) {
        Arbitrary<String> leaves = Arbitraries.oneOf(text().map(FuzzInputs::quoted),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(FuzzInputs::number),
                Arbitraries.of("true", "false", "null", "{}", "[]", "1e308", "-0", "123456789012345678901234567890"));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map((items) -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(text(), inner)
            .as((name, value) -> quoted(name) + ":" + value)
            .list()
            .ofMaxSize(4)
            .map((fields) -> "{" + String.join(",", fields) + "}");
        return Arbitraries.frequencyOf(Tuple.of(3, leaves), Tuple.of(1, array), Tuple.of(1, object));
    }

    /**
     * Correlation ids: right ones, nearly right ones (upper case, braces, one digit
     * short), and anything at all, as JSON values.
     * @param taken an id another client uses
     */
    public static Arbitrary<String> correlationIds(String taken) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.create(() -> quoted(UUID.randomUUID().toString()))),
                Tuple.of(2, Arbitraries.just(quoted(taken))),
                Tuple.of(1, Arbitraries.create(() -> quoted(UUID.randomUUID().toString().toUpperCase()))),
                Tuple.of(1, Arbitraries.create(() -> quoted("{" + UUID.randomUUID() + "}"))),
                Tuple.of(1, Arbitraries.create(() -> quoted(UUID.randomUUID().toString().substring(1)))),
                Tuple.of(2, json(1)));
    }

    /** Job types: the accepted one, unknown ones, malformed ones, any JSON. */
    public static Arbitrary<String> types(String accepted) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(quoted(accepted))), Tuple.of(1,
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(40).map(FuzzInputs::quoted)),
                Tuple.of(1, Arbitraries.of(quoted(accepted.toUpperCase()), quoted(accepted + " "), quoted(""))),
                Tuple.of(1, json(1)));
    }

    /** Lone surrogates, which no encoder writes, become '?' as they would on the wire. */
    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** The text as a JSON string. */
    public static String quoted(String text) {
        return Json.mapper().writeValueAsString(text);
    }

    /** A double as JSON would have it, or as a careless writer would (NaN, Infinity). */
    private static String number(double value) {
        return Double.toString(value);
    }

}
