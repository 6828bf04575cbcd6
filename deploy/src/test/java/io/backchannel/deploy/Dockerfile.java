package io.backchannel.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * Just enough of a Dockerfile and its ignore file to tell what a build reads from its
 * context.
 *
 * @param instructions the instructions, continuation lines joined, comments left out
 */
record Dockerfile(List<String> instructions) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

    static Dockerfile read(Path file) {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeployFiles.read(file).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            instructions.add(current.append(trimmed).toString());
            current.setLength(0);
        }
        return new Dockerfile(instructions);
    }

    /**
     * The sources of every COPY and ADD that reads the build context (not another stage),
     * with ARGs replaced by the given build arguments or else their defaults.
     */
    List<String> contextSources(Map<String, String> buildArgs) {
        Map<String, String> args = new HashMap<>();
        List<String> sources = new ArrayList<>();
        for (String instruction : this.instructions) {
            String[] words = instruction.split("\\s+", 2);
            String keyword = words[0].toUpperCase();
            String rest = (words.length > 1) ? words[1] : "";
            if (keyword.equals("ARG")) {
                String[] arg = rest.split("=", 2);
                args.put(arg[0], buildArgs.getOrDefault(arg[0], (arg.length > 1) ? arg[1] : null));
            }
            if ((keyword.equals("COPY") || keyword.equals("ADD")) && !rest.contains("--from=")) {
                List<String> operands = operands(rest);
                operands.subList(0, operands.size() - 1).forEach((source) -> sources.add(substitute(source, args)));
            }
        }
        return sources;
    }

    /**
     * Whether the ignore file keeps a context path out of the build: the last match wins.
     */
    static boolean ignores(List<String> ignoreFile, String path) {
        boolean ignored = false;
        for (String line : ignoreFile) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (matchesItOrAParent(exception ? pattern.substring(1) : pattern, path)) {
                ignored = !exception;
            }
        }
        return ignored;
    }

    private static boolean matchesItOrAParent(String glob, String path) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (Path candidate = Path.of(path); candidate != null; candidate = candidate.getParent()) {
            if (matcher.matches(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> operands(String rest) {
        List<String> words = new ArrayList<>();
        if (rest.startsWith("[")) {
            for (Object word : JsonMapper.shared().readValue(rest, List.class)) {
                words.add(word.toString());
            }
            return words;
        }
        for (String word : rest.split("\\s+")) {
            if (!word.startsWith("--")) {
                words.add(word);
            }
        }
        return words;
    }

    private static String substitute(String source, Map<String, String> args) {
        Matcher variable = VARIABLE.matcher(source);
        StringBuilder resolved = new StringBuilder();
        while (variable.find()) {
            String value = args.get(variable.group(1));
            if (value == null) {
                throw new AssertionError(
                        "COPY source " + source + " uses " + variable.group(1) + ", which has no value");
            }
            variable.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return variable.appendTail(resolved).toString();
    }

}
