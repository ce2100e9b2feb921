package dev.headroom.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Room names: the rule every name must follow (1 to 64 of {@code [A-Za-z0-9_-]}, folded to lower
 * case) and fresh names that are readable yet hard to guess ({@code brave-otters-sing-4k7q9x}:
 * three words from 32 each and six characters from 31, about 45 bits). Thread-safe when the random source is.
 */
public final class RoomNames {
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final String[] ADJECTIVES = {
    "brave", "calm", "bright", "clever", "eager", "gentle", "happy", "jolly",
    "kind", "lively", "merry", "nimble", "proud", "quick", "quiet", "bold",
    "sunny", "swift", "tidy", "witty", "zesty", "amber", "azure", "coral",
    "golden", "green", "ivory", "lilac", "olive", "silver", "scarlet", "violet"
  };
  private static final String[] NOUNS = {
    "otters", "owls", "foxes", "herons", "lynxes", "pandas", "ravens", "seals",
    "tigers", "whales", "badgers", "beavers", "bisons", "camels", "cranes", "dolphins",
    "eagles", "falcons", "geckos", "hares", "ibises", "koalas", "lemurs", "moles",
    "newts", "orcas", "parrots", "quails", "robins", "swans", "turtles", "wolves"
  };
  private static final String[] VERBS = {
    "sing", "dance", "swim", "glide", "leap", "hum", "wander", "drift",
    "paint", "build", "dream", "laugh", "march", "play", "roam", "rest",
    "chat", "climb", "dive", "fly", "hop", "jog", "knit", "read",
    "row", "sail", "skip", "sketch", "surf", "think", "wave", "write"
  };
  private static final char[] BASE32 = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();

  private final RandomGenerator random;

  /** @param random source of fresh names; use a {@link java.security.SecureRandom} in production */
  public RoomNames(RandomGenerator random) {
    this.random = random;
  }

  /**
   * Checks a requested name and folds it to lower case; empty when it breaks the rule.
   */
  public static Optional<String> normalise(String requested) {
    if (requested == null || !RULE.matcher(requested).matches()) {
      return Optional.empty();
    }
    return Optional.of(requested.toLowerCase(Locale.ROOT));
  }

  /** A fresh name that follows the rule. */
  public String fresh() {
    StringBuilder s = new StringBuilder(32);
    s.append(ADJECTIVES[random.nextInt(ADJECTIVES.length)]).append('-');
    s.append(NOUNS[random.nextInt(NOUNS.length)]).append('-');
    s.append(VERBS[random.nextInt(VERBS.length)]).append('-');
    for (int i = 0; i < 6; i++) {
      s.append(BASE32[random.nextInt(BASE32.length)]);
    }
    return s.toString();
  }
}
