package io.backchannel.deploy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static io.backchannel.deploy.DeployFiles.COMPOSE_DIR;
import static io.backchannel.deploy.DeployFiles.ROOT;
import static io.backchannel.deploy.DeployFiles.at;
import static io.backchannel.deploy.DeployFiles.composeServices;
import static io.backchannel.deploy.DeployFiles.list;
import static io.backchannel.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file compose and the Dockerfiles name is in the repository, or, for the
 * executable jars, is what the module's build produces.
 */
class ReferencedFilesTest {

    private final Map<String, Object> services = composeServices();

    @Test
    void composeBuilds_haveTheirContextAndDockerfile() {
        this.services.forEach((name, service) -> {
            if (at(service, "build") != null) {
                Path context = context(service);
                assertThat(context).as("build context of %s", name).isDirectory();
                assertThat(dockerfile(service)).as("dockerfile of %s", name).isRegularFile();
            }
        });
    }

    @Test
    void composeMountsAndEnvFiles_exist() {
        this.services.forEach((name, service) -> {
            for (Object volume : list(at(service, "volumes"))) {
                String source = (volume instanceof Map<?, ?> mount) ? bindSource(mount)
                        : volume.toString().split(":")[0];
                if (source != null && (source.startsWith(".") || source.startsWith("/"))) {
                    assertThat(COMPOSE_DIR.resolve(source)).as("mounted in %s", name).exists();
                }
            }
            Object envFiles = at(service, "env_file");
            for (Object envFile : (envFiles instanceof String file) ? List.of(file) : list(envFiles)) {
                boolean required = !(envFile instanceof Map<?, ?> entry)
                        || !Boolean.FALSE.equals(entry.get("required"));
                String path = (envFile instanceof Map<?, ?> entry) ? entry.get("path").toString() : envFile.toString();
                if (required) {
                    assertThat(COMPOSE_DIR.resolve(path)).as("env_file of %s", name).isRegularFile();
                }
            }
        });
    }

    @Test
    void dockerfileSources_areInTheContext_orAreTheModulesExecutableJar() {
        this.services.forEach((name, service) -> {
            if (at(service, "build") == null) {
                return;
            }
            Path context = context(service);
            Path dockerfile = dockerfile(service);
            Map<String, String> args = stringMap(at(service, "build", "args"));
            List<String> sources = Dockerfile.read(dockerfile).contextSources(args);
            assertThat(sources).as("COPY sources of %s", name).isNotEmpty();
            for (String source : sources) {
                String file = source;
                if (source.contains("/target/")) {
                    file = executableJar(source);
                    assertThat(FileSystems.getDefault().getPathMatcher("glob:" + source).matches(Path.of(file)))
                        .as("COPY source %s of %s matches the module's jar %s", source, name, file)
                        .isTrue();
                }
                else {
                    assertThat(context.resolve(source)).as("COPY source of %s", name).exists();
                }
                assertThat(Dockerfile.ignores(ignoreFile(context, dockerfile), file))
                    .as("%s is kept out of the build context of %s", file, name)
                    .isFalse();
            }
        });
    }

    /**
     * The jar the module's build leaves under target/: artifactId-version-classifier.jar,
     * named by the module's pom and the spring-boot-maven-plugin's classifier.
     */
    private static String executableJar(String source) {
        String module = source.substring(0, source.indexOf('/'));
        Document pom = pom(ROOT.resolve(module).resolve("pom.xml"));
        String version = xpath(pom, "/project/version");
        if (version.isEmpty()) {
            version = xpath(pom, "/project/parent/version");
        }
        String classifier = xpath(pom(ROOT.resolve("pom.xml")),
                "//plugin[artifactId='spring-boot-maven-plugin']/configuration/classifier");
        assertThat(classifier).as("spring-boot-maven-plugin classifier in the root pom").isNotEmpty();
        return module + "/target/" + xpath(pom, "/project/artifactId") + "-" + version + "-" + classifier + ".jar";
    }

    private static Document pom(Path file) {
        assertThat(file).isRegularFile();
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        }
        catch (Exception ex) {
            throw new IllegalStateException("cannot read " + file, ex);
        }
    }

    private static String xpath(Document document, String expression) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(expression, document).strip();
        }
        catch (Exception ex) {
            throw new IllegalStateException(expression, ex);
        }
    }

    /** BuildKit reads {@code <Dockerfile>.dockerignore} before the context's own file. */
    private static List<String> ignoreFile(Path context, Path dockerfile) {
        Path own = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path shared = context.resolve(".dockerignore");
        Path file = Files.exists(own) ? own : shared;
        return Files.exists(file) ? DeployFiles.read(file).lines().toList() : List.of();
    }

    private static Path context(Object service) {
        Object build = at(service, "build");
        Object context = (build instanceof String path) ? path : at(build, "context");
        return COMPOSE_DIR.resolve(context.toString()).normalize();
    }

    private static Path dockerfile(Object service) {
        Object dockerfile = at(service, "build", "dockerfile");
        return context(service).resolve((dockerfile != null) ? dockerfile.toString() : "Dockerfile").normalize();
    }

    private static String bindSource(Map<?, ?> mount) {
        return "bind".equals(mount.get("type")) ? mount.get("source").toString() : null;
    }

    private static Map<String, String> stringMap(Object node) {
        if (node == null) {
            return Map.of();
        }
        Map<String, String> strings = new HashMap<>();
        map(node).forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }

}
