package io.backchannel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static io.backchannel.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands alone: every relative link of its Markdown documents leads to a
 * file inside it that exists.
 */
class DocumentLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Set<String> SKIPPED = Set.of("node_modules", "target", "run", ".git");

    @Test
    void everyRelativeLink_ofEveryDocument_leadsToAFileInTheRepository() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).as("Markdown documents under %s", ROOT)
            .anyMatch((document) -> document.endsWith("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("#") || target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue;
                }
                Path resolved = document.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(document) + " -> " + target);
                }
            }
        }
        assertThat(broken).as("links leading nowhere or out of the repository").isEmpty();
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter((file) -> file.toString().endsWith(".md")).filter((file) -> {
                for (Path part : ROOT.relativize(file)) {
                    if (SKIPPED.contains(part.toString())) {
                        return false;
                    }
                }
                return true;
            }).toList();
        }
    }

}
