package io.backchannel.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.backchannel.deploy.DeployFiles.COMPOSE_DIR;
import static io.backchannel.deploy.DeployFiles.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** deploy/compose/nginx/nginx.conf: nginx accepts it, and it treats WebSockets right. */
class NginxConfigTest {

    /** As for deploy/local/cluster.sh: NGINX names the binary, Debian's by default. */
    private static final Path NGINX = Path.of(System.getenv().getOrDefault("NGINX", "/usr/sbin/nginx"));

    private final String config = read(COMPOSE_DIR.resolve("nginx/nginx.conf"));

    @Test
    void nginx_acceptsTheConfig(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NGINX), "nginx is not installed at " + NGINX);
        // The node names resolve only on the compose network, and /dev/stdout may not be
        // writable for this user: a copy names loopback and a file instead.
        String local = this.config.replaceAll("web-node-\\d+:", "127.0.0.1:")
            .replace("/dev/stdout", dir.resolve("access.log").toString());
        Path copy = Files.writeString(dir.resolve("nginx.conf"), local);
        Process nginx = new ProcessBuilder(NGINX.toString(), "-t", "-c", copy.toString(), "-p", dir + "/", "-e",
                dir.resolve("error.log").toString(), "-g", "pid " + dir.resolve("nginx.pid") + ";")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx-t.out").toFile())
            .start();
        if (!nginx.waitFor(30, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
            throw new AssertionError("nginx -t did not finish within 30 s");
        }
        assertThat(nginx.exitValue()).as("nginx -t said:%n%s", read(dir.resolve("nginx-t.out"))).isZero();
    }

    @Test
    void webSockets_areUpgraded_andMayStayQuietForAnHour() {
        String ws = this.config.substring(this.config.indexOf("location /ws"));
        ws = ws.substring(0, ws.indexOf('}'));
        assertThat(ws).contains("proxy_set_header Upgrade $http_upgrade;")
            .contains("proxy_set_header Connection $connection_upgrade;")
            .contains("proxy_read_timeout 1h;")
            .contains("proxy_pass http://backchannel;");
        assertThat(this.config).contains("proxy_http_version 1.1;");
    }

    @Test
    void upstream_isPlainRoundRobin() {
        String upstream = this.config.substring(this.config.indexOf("upstream backchannel"));
        upstream = upstream.substring(0, upstream.indexOf('}'));
        assertThat(upstream).doesNotContain("ip_hash", "hash ", "sticky", "least_conn");
    }

}
