package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's packages, read from the main source tree: no two of them depend on each other,
 * directly or around a loop, and the model (conversations, rooms, the registry session, peers, the
 * store, identities) never reaches for the user interface: it raises events, and the UI prints them.
 * A dependency is any mention of a client type by its package: an import, a static import, a
 * qualified name in code or in a {@code {@link}}.
 */
class PackageDependenciesTest {
    private static final String ROOT = "dev.parley.client";
    /** A client type named with its package: lower-case segments, then a capitalised one. */
    private static final Pattern TYPE = Pattern.compile("\\bdev\\.parley\\.client((?:\\.[a-z][A-Za-z0-9_]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Set<String> MODEL = Set.of("chat", "registry", "peer", "store", "identity", "(root)");
    private static final Set<String> USER_INTERFACE = Set.of("render", "shell", "command", "app");

    /** Package → the packages it mentions → one file that does, for the message. */
    private static final Map<String, Map<String, String>> DEPENDENCIES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        Path sources = Path.of(System.getProperty("basedir", "."), "src", "main", "java", "dev", "parley", "client");
        assertTrue(Files.isDirectory(sources), "no client sources at " + sources.toAbsolutePath());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            Matcher declared = PACKAGE.matcher(text);
            assertTrue(declared.find(), file + " has no package line");
            String from = shortName(declared.group(1));
            Map<String, String> uses = DEPENDENCIES.computeIfAbsent(from, k -> new TreeMap<>());
            Matcher m = TYPE.matcher(text);
            while (m.find()) {
                String to = shortName(ROOT + m.group(1));
                if (!to.equals(from)) {
                    uses.putIfAbsent(to, file.getFileName().toString());
                }
            }
        }
        assertTrue(DEPENDENCIES.keySet().containsAll(Set.of("chat", "render", "app")),
                "expected the client's packages, found " + DEPENDENCIES.keySet());
    }

    @Test
    void noPackagesDependOnEachOther() {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : new Tarjan().components()) {
            if (component.size() > 1) {
                cycles.add(describe(component));
            }
        }
        assertEquals(List.of(), cycles, "package cycles in the client");
    }

    @Test
    void theModelDoesNotDependOnTheUserInterface() {
        List<String> wrong = new ArrayList<>();
        DEPENDENCIES.forEach((from, uses) -> {
            if (MODEL.contains(from)) {
                uses.forEach((to, file) -> {
                    if (USER_INTERFACE.contains(to)) {
                        wrong.add(from + " -> " + to + " (" + file + ")");
                    }
                });
            }
        });
        assertEquals(List.of(), wrong, "model packages that use the user interface; raise an event instead");
    }

    private static String shortName(String pkg) {
        return pkg.equals(ROOT) ? "(root)" : pkg.substring(ROOT.length() + 1);
    }

    /** One loop through the component, each step with a file that makes it: {@code a -> b (X.java) -> a (Y.java)}. */
    private static String describe(Set<String> component) {
        String start = component.iterator().next();
        // Breadth-first from start back to start, inside the component: the shortest loop through it.
        Map<String, String> previous = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        String last = null;
        while (!queue.isEmpty() && last == null) {
            String at = queue.poll();
            for (String next : DEPENDENCIES.getOrDefault(at, Map.of()).keySet()) {
                if (next.equals(start)) {
                    last = at;
                    break;
                }
                if (component.contains(next) && !previous.containsKey(next)) {
                    previous.put(next, at);
                    queue.add(next);
                }
            }
        }
        List<String> path = new ArrayList<>(List.of(start));
        for (String at = last; at != null && !at.equals(start); at = previous.get(at)) {
            path.add(1, at);
        }
        path.add(start);
        StringBuilder b = new StringBuilder(path.get(0));
        for (int i = 1; i < path.size(); i++) {
            b.append(" -> ").append(path.get(i)).append(" (")
                    .append(DEPENDENCIES.get(path.get(i - 1)).get(path.get(i))).append(')');
        }
        return b.append(" among ").append(component).toString();
    }

    /** Tarjan's strongly connected components of the dependency graph. */
    private static final class Tarjan {
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        List<Set<String>> components() {
            Set<String> all = new TreeSet<>(DEPENDENCIES.keySet());
            DEPENDENCIES.values().forEach(uses -> all.addAll(uses.keySet()));
            for (String p : all) {
                if (!index.containsKey(p)) {
                    visit(p);
                }
            }
            return components;
        }

        private void visit(String p) {
            index.put(p, index.size());
            low.put(p, index.get(p));
            stack.push(p);
            onStack.add(p);
            for (String q : DEPENDENCIES.getOrDefault(p, Map.of()).keySet()) {
                if (!index.containsKey(q)) {
                    visit(q);
                    low.put(p, Math.min(low.get(p), low.get(q)));
                } else if (onStack.contains(q)) {
                    low.put(p, Math.min(low.get(p), index.get(q)));
                }
            }
            if (low.get(p).equals(index.get(p))) {
                Set<String> component = new TreeSet<>();
                String q;
                do {
                    q = stack.pop();
                    onStack.remove(q);
                    component.add(q);
                } while (!q.equals(p));
                components.add(component);
            }
        }
    }
}
