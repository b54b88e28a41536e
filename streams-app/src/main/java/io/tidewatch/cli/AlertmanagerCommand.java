package io.tidewatch.cli;

import io.tidewatch.alertmanager.AlertmanagerAlerts;
import io.tidewatch.alertmanager.AlertmanagerBridge;
import io.tidewatch.alertmanager.AlertmanagerClient;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.DriftAlert;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidewatch alertmanager}: sends the alerts topic's open episodes to Alertmanager, where
 * operators route, silence and escalate them, and ends them on RESOLVED.
 */
@Command(name = "alertmanager", mixinStandardHelpOptions = true,
        description = {"Send tidewatch's open alerts to Alertmanager (v2 API) and keep them there until they resolve.",
                "Reads the alerts topic from its start, posts the open episodes, then follows it; runs until stopped.",
                "Labels: alertname=" + AlertmanagerAlerts.ALERT_NAME + ", alert_id, detector, concept, severity, and "
                        + AlertmanagerAlerts.SEGMENT_PREFIX + "<label> per segment label."},
        footer = {"", "Example:", "  ./tidewatch alertmanager --config tidewatch.properties --url http://alertmanager:9093 \\",
                "      --runbook-url 'https://runbooks.example.com/tidewatch/{detector}?alert={alert_id}'"})
final class AlertmanagerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "Alertmanager's address, for example http://alertmanager:9093.")
    String url;

    @Option(names = "--runbook-url", paramLabel = "TEMPLATE",
            description = "Runbook URL annotation of every alert; {detector}, {concept}, {severity} and {alert_id} are replaced.")
    String runbook;

    @Option(names = "--resend", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "Keep-alive interval: open alerts are posted at least this often, and expire in Alertmanager after five "
                    + "intervals without one (if this bridge stops). Default: ${DEFAULT-VALUE}.")
    Duration resend;

    @Override
    public Integer call() throws InterruptedException {
        final AlertmanagerBridge bridge = bridge(cluster.settings(), alertmanager(url), runbook, resend, spec.commandLine().getOut());
        final Thread main = Thread.currentThread();
        final Thread hook = new Thread(() -> {
            bridge.close();
            try {
                main.join(Duration.ofSeconds(10).toMillis());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tidewatch-alertmanager-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        bridge.run();
        return 0;
    }

    /** The bridge the command runs, from the app's settings. */
    static AlertmanagerBridge bridge(final AppConfig settings, final URI alertmanager, final String runbook, final Duration resend,
                                     final PrintWriter out) {
        if (resend.isNegative() || resend.isZero()) {
            throw new ConfigException("--resend must be positive, got " + resend);
        }
        final Properties clients = settings.kafkaProperties();
        clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.require(Setting.BOOTSTRAP_SERVERS));
        return new AlertmanagerBridge(clients, settings.string(Setting.TOPIC_ALERTS), TidewatchApp.avroSerdes(settings).forType(DriftAlert.class),
                new AlertmanagerClient(alertmanager), new AlertmanagerAlerts(runbook), resend, out, Clock.systemUTC());
    }

    /** The --url, checked: an absolute http(s) address. */
    static URI alertmanager(final String url) {
        try {
            final URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException("--url must be an http:// or https:// address of Alertmanager, got '" + url + "'");
            }
            return uri;
        } catch (final URISyntaxException e) {
            throw new ConfigException("--url is not a URL: " + e.getMessage());
        }
    }
}
