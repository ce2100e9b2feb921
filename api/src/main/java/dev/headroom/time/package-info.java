/** Time that only moves when told to: for the simulator, the benchmarks and the tests. */
package dev.headroom.time;
