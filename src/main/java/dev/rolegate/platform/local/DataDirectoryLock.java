package dev.rolegate.platform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The claim of one instance on a data directory ({@code rolegate.data-dir}): an exclusive lock
 * ({@link FileChannel#tryLock()}, an OS file lock, released by the OS when the process ends,
 * however it ends) on {@value #FILE} in that directory, which also holds the holder's pid for
 * the message a second instance prints. The file itself stays; only the lock matters.
 * Thread-safe.
 */
public final class DataDirectoryLock implements AutoCloseable {

    /** The lock file's name inside the data directory. */
    public static final String FILE = "rolegate.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code directory} (created if absent).
     *
     * @return the held lock, or empty when another holder has it (another process, or this
     *         process through another lock object)
     * @throws UncheckedIOException when the directory or the file cannot be created or written
     */
    public static Optional<DataDirectoryLock> tryAcquire(Path directory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return Optional.of(new DataDirectoryLock(channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the data directory " + directory, e);
        }
    }

    /** The pid the current holder of {@code directory}'s lock wrote, if it can be read. */
    public static Optional<Long> holder(Path directory) {
        try {
            return Optional.of(Long.parseLong(Files.readString(directory.resolve(FILE), StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }

    /** Releases the lock; the file stays. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
        }
    }
}
