package dev.headroom.bench;

import dev.headroom.Headroom;
import dev.headroom.config.Settings;
import dev.headroom.fleet.Bridge;
import dev.headroom.fleet.FleetSnapshot;
import dev.headroom.policy.Choice;
import dev.headroom.policy.NoCapacityException;
import dev.headroom.policy.Policy;
import dev.headroom.policy.UnknownRegionException;
import dev.headroom.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One new-room decision, steady state: every 2 × bridges rooms a fresh snapshot arrives (a poll
 * covering a minute of simulated time), so the ledger holds a realistic number of recent rooms and
 * the per-snapshot index is rebuilt at the poll rate. Baseline: a uniformly random pick from the
 * same bridges, the cheapest possible decision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
  @Param({"10", "1000", "10000"})
  int bridges;

  private final ManualClock clock = new ManualClock();
  private Policy policy;
  private List<Bridge> fleet;
  private FleetSnapshot snapshot;
  private Bridge[] array;
  private SplittableRandom random;
  private int sincePoll;
  private long stepNanos;

  @Setup
  public void setUp() {
    random = new SplittableRandom(42);
    fleet = new ArrayList<>();
    for (int i = 0; i < bridges; i++) {
      fleet.add(new Bridge("https://b" + i + ".meet.example", "r" + (i % 4), 0.1 + random.nextDouble() * 0.6, true, false));
    }
    array = fleet.toArray(new Bridge[0]);
    policy = Headroom.policy(Settings.defaults(), clock, new SplittableRandom(7));
    stepNanos = Duration.ofMinutes(1).toNanos() / (2L * bridges);
    snapshot = new FleetSnapshot(clock.instant(), fleet);
  }

  @Benchmark
  public Choice headroomDecision() throws NoCapacityException, UnknownRegionException {
    clock.advance(Duration.ofNanos(stepNanos));
    if (++sincePoll >= 2 * bridges) {
      sincePoll = 0;
      snapshot = new FleetSnapshot(clock.instant(), fleet);
    }
    return policy.assignNew(snapshot, null);
  }

  @Benchmark
  public Bridge baselineRandomPick() {
    return array[random.nextInt(array.length)];
  }
}
