package io.orderflow.chaos;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ./orderflow chaos refuses what it cannot run, naming the option, as load and bench do. */
class ChaosSettingsTest {

    @Test
    void optionsOverrideTheDefaults() {
        ChaosSettings settings = ChaosSettings.parse(new String[] {"--orders", "400", "--outage-seconds", "5"});
        assertEquals(new ChaosSettings(400, 250, Duration.ofSeconds(5), 200), settings);
    }

    @Test
    void aMissingValueIsRefusedNamingItsOption() {
        assertRefused("--rate needs a value", "--orders", "400", "--rate");
        assertRefused("--orders needs a value", "--orders", "--rate", "10");
    }

    @Test
    void aValueThatIsNoNumberOrTooSmallIsRefusedNamingItsOption() {
        assertRefused("--rate takes a whole number of at least 1, not 'fast'", "--rate", "fast");
        assertRefused("--orders takes a whole number of at least 10, not '3'", "--orders", "3");
        assertRefused("--malformed takes a whole number of at least 0, not '-1'", "--malformed", "-1");
        assertRefused("Unknown option --kill", "--kill", "all");
    }

    private static void assertRefused(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ChaosSettings.parse(args)).getMessage());
    }
}
