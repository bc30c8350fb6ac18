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
    private static final String REGISTRY = "chat.example:15600,chat2.example:15600";

    @TempDir
    Path folder;
    @TempDir
    Path programs;

    @Test
    void aTokenKeptIsThereForTheNextHolderUntilForgotten() throws Exception {
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.empty(), held.resumeToken(REGISTRY));
            held.keep(REGISTRY, TOKEN);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("session"))));
        try (SessionFile again = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.of(TOKEN), again.resumeToken(REGISTRY));
            assertEquals(Optional.empty(), again.resumeToken("elsewhere.example:15600"),
                    "another registry is not given this one's token");
            again.forget();
        }
        try (SessionFile third = SessionFile.hold(folder).orElseThrow()) {
            assertEquals(Optional.empty(), third.resumeToken(REGISTRY));
        }
    }

    @Test
    void nothingIsKeptOnceTheFolderIsLetGo() throws Exception {
        SessionFile held = SessionFile.hold(folder).orElseThrow();
        held.forget();
        held.close();
        held.keep(REGISTRY, TOKEN); // a session renewed just as its user logged out
        assertTrue(Files.notExists(folder.resolve("session")));
    }

    @Test
    void aFolderHeldCannotBeHeldAgainUntilLetGoAndTryingDoesNotLetGoOfIt() throws Exception {
        SessionFile first = SessionFile.hold(folder).orElseThrow();
        assertEquals(Optional.empty(), SessionFile.hold(folder));
        assertEquals("held", lockFromAnotherProcess(), "the failed second try here kept the first one's lock");
        first.close();
        assertEquals("free", lockFromAnotherProcess());
        try (SessionFile second = SessionFile.hold(folder).orElseThrow()) {
            assertTrue(Files.exists(folder.resolve("session.lock")));
        }
    }

    @Test
    void aFolderHeldByAnotherProcessCannotBeHeld() throws Exception {
        Process p = javaProgram("""
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
        try {
            assertEquals("held\n", new String(p.getInputStream().readNBytes(5)));
            assertEquals(Optional.empty(), SessionFile.hold(folder));
        } finally {
            p.destroyForcibly().waitFor();
        }
        // The process is gone, however it went: the folder is free again.
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            assertTrue(held.resumeToken(REGISTRY).isEmpty());
        }
    }

    @Test
    void whatDoesNotReadAsATokenIsNotPresented() throws Exception {
        try (SessionFile held = SessionFile.hold(folder).orElseThrow()) {
            Files.writeString(folder.resolve("session"), "not a token\n{\"x\":1}");
            assertEquals(Optional.empty(), held.resumeToken(REGISTRY));
            Files.writeString(folder.resolve("session"), REGISTRY + "\n" + TOKEN + "\n");
            assertEquals(Optional.of(TOKEN), held.resumeToken(REGISTRY));
            held.keep(REGISTRY, null); // a registry that gives none: nothing is left to present
            assertEquals(Optional.empty(), held.resumeToken(REGISTRY));
            held.keep(REGISTRY, "x".repeat(129));
            assertEquals(Optional.empty(), held.resumeToken(REGISTRY));
        }
    }

    /** "held" or "free": what a try for the folder's lock finds from another process. */
    private String lockFromAnotherProcess() throws Exception {
        Process p = javaProgram("""
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                class Tryer {
                    public static void main(String[] a) throws Exception {
                        FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        System.out.print(c.tryLock() == null ? "held" : "free");
                    }
                }
                """);
        String said = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        return said;
    }

    private Process javaProgram(String source) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String name = source.substring(source.indexOf("class ") + 6, source.indexOf(" {"));
        Path program = Files.writeString(programs.resolve(name + ".java"), source);
        return new ProcessBuilder(java.toString(), program.toString(), folder.resolve("session.lock").toString())
                .redirectErrorStream(true).start();
    }
}
