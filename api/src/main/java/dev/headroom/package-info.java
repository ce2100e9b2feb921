/**
 * Headroom: the command line ({@link dev.headroom.Main}: serve, demo, plan, simulate) and the
 * wiring of one running service ({@link dev.headroom.Headroom}: poller, policy, metrics, HTTP).
 */
package dev.headroom;
