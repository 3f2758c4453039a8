package dev.rolegate.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} shows the README's two commands as the README has them, and names every required setting. */
class LauncherUsageTest {

    @Test
    void theUsageHasTheReadmesTwoCommands() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("## Two commands"));
        block = block.substring(block.indexOf("```bash") + 7, block.indexOf("```", block.indexOf("```bash") + 7));
        List<String> commands = block.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(2, commands.size(), block);
        for (String command : commands) {
            assertTrue(RolegateMain.USAGE.contains("\n  " + command + "\n"), command);
        }
    }

    @Test
    void theUsageNamesEveryRequiredSetting() {
        for (String key : List.of(LaunchChecks.JDBC_URL, LaunchChecks.EMBEDDED_DATABASE, LaunchChecks.KEY_ENCRYPTION_KEY,
                LaunchChecks.JWT_KEYS.get(0), "rolegate.data-dir", "quarkus.profile")) {
            assertTrue(RolegateMain.USAGE.contains(key), key);
        }
    }
}
