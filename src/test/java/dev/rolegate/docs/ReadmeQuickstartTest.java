package dev.rolegate.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rolegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's quickstart block, as written, with bash and curl against the service under
 * test, and compares what it prints with the block's {@code #=>} lines. The account id
 * {@code acme} is replaced by a fresh one so the test also passes against a shared database.
 */
@QuarkusTest
class ReadmeQuickstartTest {

    @Test
    void theQuickstartGivesTheAnswersItShows() throws IOException, InterruptedException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf("<!-- quickstart:begin -->");
        int end = readme.indexOf("<!-- quickstart:end -->");
        assertTrue(begin >= 0 && end > begin, "README.md has the quickstart markers");
        String block = readme.substring(begin, end);
        block = block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));

        String account = Api.newAccountId("qs");
        String script = block.replaceAll("\\bacme\\b", account);
        List<String> expected = new ArrayList<>();
        for (String line : script.split("\n")) {
            if (line.startsWith("#=> ")) {
                expected.add(line.substring(4));
            }
        }
        assertTrue(expected.size() >= 8, "the quickstart shows its answers");

        Path file = Files.createTempFile("quickstart", ".sh");
        Files.writeString(file, "set -euo pipefail\n" + script);
        ProcessBuilder bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        bash.environment().put("RG", "http://localhost:" + RestAssured.port);
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the quickstart finishes");
        assertEquals(0, process.exitValue(), "the quickstart exits 0:\n" + output);
        assertEquals(expected, List.of(output.strip().split("\n")));
    }
}
