// Asks a broker for cluster metadata; exit 0 when it answers within the timeout.
// Run by ./start and ./status with Java's single-file source launcher:
//   java -cp 'cache/lib/*' MetadataCheck.java 127.0.0.1:19092 [timeoutMs]
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

public class MetadataCheck {
  public static void main(String[] args) throws Exception {
    String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:19092";
    int timeoutMs = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    try (Admin admin = Admin.create(props)) {
      var cluster = admin.describeCluster();
      String id = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
      int nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      System.out.println("cluster " + id + " answered with " + nodes + " broker(s)");
    } catch (Exception e) {
      System.err.println("no metadata from " + bootstrap + ": " + e.getClass().getSimpleName());
      System.exit(1);
    }
  }
}
