package io.storeorchestrator.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** CPU time and resident memory of a process, read from Linux's /proc as {@code ps} and {@code top} do. */
final class ProcFs {

    /** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
    static final long CLOCK_TICKS = clockTicks();

    private ProcFs() {
    }

    /**
     * User plus system CPU time, in clock ticks: a process's in all, and its JIT compiler threads' and garbage
     * collector threads' (HotSpot's thread names, as /proc shows them cut to 15 characters).
     */
    record CpuTicks(long total, long jit, long gc) {
    }

    /**
     * The CPU time the process has used so far. The split is a lower bound: a compiler or GC thread that exited
     * (HotSpot stops idle compiler threads) takes its time out of the parts but not out of the total.
     */
    static CpuTicks cpuTicks(long pid) {
        long total = ticks(read(Path.of("/proc", Long.toString(pid), "stat")));
        long jit = 0;
        long gc = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended while we listed them
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.contains("CompilerThre")) {
                    jit += ticks(stat);
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    gc += ticks(stat);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return new CpuTicks(total, jit, gc);
    }

    private static long ticks(String stat) {
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are plain.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so utime (field 14) and stime (field 15) are at 11 and 12.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Resident set size (VmRSS) in KiB. */
    static long rssKibibytes(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid + " (has it exited?)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (the benchmark needs Linux's /proc)", e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to Linux's value on every common architecture
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
