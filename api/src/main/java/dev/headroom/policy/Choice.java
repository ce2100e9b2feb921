package dev.headroom.policy;

import dev.headroom.fleet.Bridge;

/**
 * A bridge chosen for a room.
 *
 * @param bridge the bridge, as in the snapshot
 * @param estimatedLoad its estimated load once this room is counted
 * @param spilled whether a region was asked for but the room went elsewhere for lack of capacity
 */
public record Choice(Bridge bridge, double estimatedLoad, boolean spilled) {}
