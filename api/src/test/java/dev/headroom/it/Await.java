package dev.headroom.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition by polling it, instead of sleeping a fixed time. */
final class Await {
  private Await() {}

  static <T> T until(String what, Duration timeout, Callable<T> probe, java.util.function.Predicate<T> done)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.call();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last: " + last);
  }
}
