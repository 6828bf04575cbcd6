/**
 * Checks of the files under deploy/: compose, Kubernetes, nginx, Docker and Grafana.
 */
package io.backchannel.deploy;
