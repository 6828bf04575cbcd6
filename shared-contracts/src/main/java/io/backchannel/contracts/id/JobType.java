package io.backchannel.contracts.id;

import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name of a kind of job: lower case letters, digits and '-', starting with a letter,
 * at most 32 characters. It names the job's queue, {@code bc.jobs.{type}}.
 */
public record JobType(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public JobType {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidIdException(
                    "type must be 1 to 32 of lower case letters, digits and '-', starting with a letter");
        }
    }

    @JsonCreator
    public static JobType of(String value) {
        return new JobType(value);
    }

    @JsonValue
    @Override
    public String value() {
        return this.value;
    }

    @Override
    public String toString() {
        return this.value;
    }

}
