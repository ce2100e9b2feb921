package dev.headroom.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomNamesTest {

  @Test
  void aRequestedNameIsFoldedToLowerCase() {
    assertEquals(Optional.of("team_sync-2"), RoomNames.normalise("Team_Sync-2"));
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"", "with space", "slash/room", "dot.room", "émile", "a%20b", "../etc"})
  void namesOutsideTheRuleAreRefused(String name) {
    assertTrue(RoomNames.normalise(name).isEmpty());
  }

  @Test
  void sixtyFourCharactersAreAllowedAndSixtyFiveAreNot() {
    assertTrue(RoomNames.normalise("a".repeat(64)).isPresent());
    assertTrue(RoomNames.normalise("a".repeat(65)).isEmpty());
  }

  @Test
  void freshNamesFollowTheRuleAndDoNotRepeat() {
    RoomNames names = new RoomNames(new SecureRandom());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String n = names.fresh();
      assertEquals(Optional.of(n), RoomNames.normalise(n), n);
      assertTrue(n.matches("[a-z]+-[a-z]+-[a-z]+-[a-z2-9]{6}"), n);
      assertTrue(seen.add(n), "repeated " + n);
    }
  }
}
