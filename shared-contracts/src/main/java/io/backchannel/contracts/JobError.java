package io.backchannel.contracts;

/**
 * Why a job failed, as the client sees it.
 *
 * @param code a stable, machine-readable reason, one of {@link JobErrorCode}
 * @param message a sentence for people; never a stack trace
 */
public record JobError(String code, String message) {

}
