package dev.rolegate.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rolegate.change.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue of audit actions ({@link Action}) and the table of {@code docs/audit.md} name the
 * same actions: a new action fails this test until it is documented, and a documented one that
 * went away fails it too. A row's first cell lists spellings such as {@code `role.create` /
 * `.update`}, where a spelling starting with a dot replaces the last word of the one before.
 */
class AuditActionsDocTest {

    private static final Pattern SPELLING = Pattern.compile("`([a-z_.]+)`");

    @Test
    void everyActionIsDocumentedAndEveryDocumentedActionExists() throws IOException {
        Set<String> documented = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/audit.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| action | kind |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break; // the table of actions ends at its first line that is no row
            }
            if (!inTable || !line.startsWith("| `")) {
                continue;
            }
            String cell = line.substring(1, line.indexOf('|', 1));
            Matcher m = SPELLING.matcher(cell);
            String previous = null;
            while (m.find()) {
                String spelling = m.group(1);
                if (spelling.startsWith(".")) {
                    spelling = previous.substring(0, previous.lastIndexOf('.')) + spelling;
                }
                documented.add(spelling);
                previous = spelling;
            }
        }
        Set<String> catalogue = Arrays.stream(Action.values()).map(Action::spelling).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(catalogue, documented);
    }
}
