package dev.rolegate.platform.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One holder per data directory; the holder's pid is readable; released, it can be taken again. */
class DataDirectoryLockTest {

    @Test
    void oneHolderAtATime(@TempDir Path root) {
        Path dataDir = root.resolve("data");
        Optional<DataDirectoryLock> first = DataDirectoryLock.tryAcquire(dataDir);
        assertTrue(first.isPresent(), "a fresh directory is created and locked");
        assertTrue(Files.isRegularFile(dataDir.resolve(DataDirectoryLock.FILE)));
        assertEquals(Optional.of(ProcessHandle.current().pid()), DataDirectoryLock.holder(dataDir));

        assertEquals(Optional.empty(), DataDirectoryLock.tryAcquire(dataDir), "held");
        assertTrue(DataDirectoryLock.tryAcquire(root.resolve("other")).isPresent(), "another directory is free");

        first.get().close();
        Optional<DataDirectoryLock> again = DataDirectoryLock.tryAcquire(dataDir);
        assertTrue(again.isPresent(), "released");
        again.get().close();
    }
}
