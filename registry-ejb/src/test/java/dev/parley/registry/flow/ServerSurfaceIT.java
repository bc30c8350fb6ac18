package dev.parley.registry.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.management.ObjectName;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the server shows besides the registry's own ports: no welcome page, management on loopback only. */
@ExtendWith(ArquillianExtension.class)
class ServerSurfaceIT {

    @Deployment
    static WebArchive deployment() {
        return RegistryDeployment.create();
    }

    /** The address and port a socket binding of the server's standard group is bound to, as the server reports it. */
    private static String bound(String binding, String attribute) throws Exception {
        ObjectName name = new ObjectName("jboss.as:socket-binding-group=standard-sockets,socket-binding=" + binding);
        return String.valueOf(ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute));
    }

    @Test
    void theHttpPortServesNoWelcomePage() throws Exception {
        int port = Integer.parseInt(bound("http", "boundPort"));
        HttpURLConnection http = (HttpURLConnection) URI.create("http://" + TestLink.HOST + ":" + port + "/").toURL()
                .openConnection();
        http.setConnectTimeout(5000);
        http.setReadTimeout(5000);
        try {
            int status = http.getResponseCode();
            String body;
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            assertEquals(404, status, body);
            assertFalse(body.contains("WildFly"), body);
        } finally {
            http.disconnect();
        }
    }

    @Test
    void theManagementInterfaceListensOnLoopbackOnly() throws Exception {
        InetAddress management = InetAddress.getByName(bound("management-http", "boundAddress"));

        assertTrue(management.isLoopbackAddress(), "management interface bound to " + management);
    }
}
