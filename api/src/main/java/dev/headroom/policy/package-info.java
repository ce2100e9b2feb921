/**
 * The decision: which bridge gets a room. Pure and free of HTTP; time and randomness are injected
 * so that every property can be tested with a fake clock and a seeded random source.
 *
 * <ul>
 *   <li>{@link dev.headroom.policy.Policy} chooses bridges for new and for named rooms;
 *   <li>{@link dev.headroom.policy.AssignmentLedger} remembers what this replica handed out since
 *       the snapshot's data was taken;
 *   <li>{@link dev.headroom.policy.RoomNames} checks and invents room names.
 * </ul>
 */
package dev.headroom.policy;
