/**
 * What every HTTP answer shares: errors as {@code application/problem+json} with a stable
 * {@link io.backchannel.contracts.http.ProblemType}, and the JSON settings of the wire
 * types.
 */
package io.backchannel.node.web;
