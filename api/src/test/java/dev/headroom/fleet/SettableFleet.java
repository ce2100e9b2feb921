package dev.headroom.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A fleet view whose snapshot and next poll a test sets, also while a page or client uses it. */
public final class SettableFleet implements FleetView {
  private final AtomicReference<FleetSnapshot> snapshot = new AtomicReference<>();
  private volatile Instant nextPoll;

  public SettableFleet(Instant nextPoll) {
    this.nextPoll = nextPoll;
  }

  /** Publishes a snapshot of these bridges taken at {@code takenAt}. */
  public void set(Instant takenAt, Bridge... bridges) {
    snapshot.set(new FleetSnapshot(takenAt, List.of(bridges)));
  }

  public void set(FleetSnapshot s) {
    snapshot.set(s);
  }

  public void nextPollAt(Instant at) {
    nextPoll = at;
  }

  @Override
  public Optional<FleetSnapshot> current() {
    return Optional.ofNullable(snapshot.get());
  }

  @Override
  public Instant nextPollAt() {
    return nextPoll;
  }
}
