/**
 * Confirmed publishing on a few long-lived channels, for the intake's jobs and the
 * workers' updates.
 */
package io.backchannel.amqp.publish;
