/**
 * The faults the suite injects, and the run of one fault under traffic: its phases, what
 * a fault's script may do, and the figures it produces.
 */
package io.backchannel.faults.scenario;
