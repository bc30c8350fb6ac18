package dev.parley.client.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {
    private static final String TOKEN = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo";

    @TempDir
    Path folder;

    @Test
    void aTokenKeptIsThereForTheNextHolderUntilForgotten() throws Exception {
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.empty(), held.resumeToken());
            held.keep(TOKEN);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("session"))));
        try (SessionFile again = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.of(TOKEN), again.resumeToken());
            again.forget();
        }
        try (SessionFile third = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.empty(), third.resumeToken());
        }
    }

    @Test
    void aFolderHeldCannotBeHeldAgainUntilLetGo() throws Exception {
        SessionFile first = SessionFile.hold(folder).orElseThrow();
        assertEquals(Optional.empty(), SessionFile.hold(folder));
        first.close();
        try (SessionFile second = SessionFile.hold(folder).orElseThrow()) {
            assertTrue(Files.exists(folder.resolve("session.lock")));
        }
    }

    @Test
    void aFolderHeldByAnotherProcessCannotBeHeld() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path holder = folder.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        c.lock();
                        System.out.println("held");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """);
        Process p = new ProcessBuilder(java.toString(), holder.toString(), folder.resolve("session.lock").toString())
                .redirectErrorStream(true).start();
        try {
            String said = new String(p.getInputStream().readNBytes(5));
            assertEquals("held\n", said);
            assertEquals(Optional.empty(), SessionFile.hold(folder));
        } finally {
            p.destroyForcibly().waitFor();
        }
        // The process is gone, however it went: the folder is free again.
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            assertTrue(held.resumeToken().isEmpty());
        }
    }

    @Test
    void whatDoesNotReadAsATokenIsNotPresented() throws Exception {
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            Files.writeString(folder.resolve("session"), "not a token\n{\"x\":1}");
            assertEquals(Optional.empty(), held.resumeToken());
            Files.writeString(folder.resolve("session"), TOKEN + "\n");
            assertEquals(Optional.of(TOKEN), held.resumeToken());
            held.keep(null); // a registry that gives none: nothing is left to present
            assertEquals(Optional.empty(), held.resumeToken());
            held.keep("x".repeat(129));
            assertEquals(Optional.empty(), held.resumeToken());
        }
    }
}
