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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's quickstart block, as written, with bash and curl against the service under
 * test, and compares what it prints with the block's {@code #=>} lines. The account id
 * {@code acme} is replaced by a fresh one so the test also passes against a shared database. In
 * an answer, {@code <...>} stands for a value that differs each run (a console link's secret),
 * and {@code http://localhost:8080} for the service's public base URL.
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
        List<String> printed = List.of(output.strip().split("\n"));
        assertEquals(expected.size(), printed.size(), "the quickstart prints one line an answer:\n" + output);
        String base = ConfigProvider.getConfig().getValue("rolegate.sso.public-base-url", String.class);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(answer(expected.get(i), base).matcher(printed.get(i)).matches(),
                    "answer " + (i + 1) + ":\nexpected " + expected.get(i) + "\nprinted  " + printed.get(i));
        }
    }

    /** An answer line as a pattern: literal but for {@code <...>} (one or more non-blank characters) and the base URL. */
    private static Pattern answer(String line, String base) {
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = Pattern.compile("<[^<>]+>").matcher(line);
        int at = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(line.substring(at, placeholder.start()))).append("\\S+");
            at = placeholder.end();
        }
        regex.append(Pattern.quote(line.substring(at)));
        return Pattern.compile(regex.toString().replace("http://localhost:8080", "\\E" + Pattern.quote(base) + "\\Q"));
    }
}
