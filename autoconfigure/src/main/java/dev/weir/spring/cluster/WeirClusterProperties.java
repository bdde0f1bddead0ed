package dev.weir.spring.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.weir.cluster.ClusterConfig;
import dev.weir.gossip.Profile;

/**
 * Configuration of the node this application runs in Weir's cluster.
 */
@ConfigurationProperties("weir.cluster")
public class WeirClusterProperties {

	/**
	 * Whether this application joins a cluster.
	 */
	private boolean enabled = true;

	/**
	 * Name of this node, unique in the cluster. Defaults to the host name, followed by the
	 * gossip port when it is not 7946, so that several instances on one machine differ.
	 */
	private @Nullable String nodeName;

	/**
	 * Address to bind the gossip port (UDP and TCP) to.
	 */
	private String bindAddress = "0.0.0.0";

	/**
	 * Gossip port, for both UDP and TCP; 0 picks a free one.
	 */
	private int bindPort = 7946;

	/**
	 * Address other nodes reach this one at. Defaults to the bind address, or, when bound to
	 * every interface, the first site-local IPv4 address of this host.
	 */
	private @Nullable String advertiseAddress;

	/**
	 * Port other nodes reach this one at. Defaults to the bind port.
	 */
	private @Nullable Integer advertisePort;

	/**
	 * Timing preset, as in memberlist: lan (one data centre), wan (across regions), local (one
	 * machine).
	 */
	private Profile profile = Profile.LAN;

	/**
	 * Base64 AES keys (16, 24 or 32 bytes) that encrypt gossip; the first encrypts, all are
	 * tried to decrypt. Empty for plain gossip. Compatible with serf's -encrypt and keyring.
	 */
	private List<String> keyring = new ArrayList<>();

	/**
	 * Cluster label (memberlist 0.3 and later): traffic with another label, or none, is
	 * dropped. Leave empty to interoperate with older peers such as Debian's serf 0.9.
	 */
	private String label = "";

	/**
	 * This node's tags, seen by every member (serf tags).
	 */
	private Map<String, String> tags = new LinkedHashMap<>();

	/**
	 * How many Lamport times of user events are remembered, to deduplicate them and to bring
	 * joining nodes up to date.
	 */
	private int eventBufferSize = ClusterConfig.DEFAULT_EVENT_BUFFER_SIZE;

	/**
	 * How long a failed member is kept, and retried, before it is removed from the member list.
	 */
	private Duration reconnectTimeout = Duration.ofMinutes(1);

	/**
	 * How long a member that left is kept before it is removed from the member list.
	 */
	private Duration tombstoneTimeout = Duration.ofHours(24);

	public String getLabel() {
		return this.label;
	}

	public void setLabel(String label) {
		this.label = label;
	}

	public Map<String, String> getTags() {
		return this.tags;
	}

	public void setTags(Map<String, String> tags) {
		this.tags = tags;
	}

	public int getEventBufferSize() {
		return this.eventBufferSize;
	}

	public void setEventBufferSize(int eventBufferSize) {
		this.eventBufferSize = eventBufferSize;
	}

	public Duration getReconnectTimeout() {
		return this.reconnectTimeout;
	}

	public void setReconnectTimeout(Duration reconnectTimeout) {
		this.reconnectTimeout = reconnectTimeout;
	}

	public Duration getTombstoneTimeout() {
		return this.tombstoneTimeout;
	}

	public void setTombstoneTimeout(Duration tombstoneTimeout) {
		this.tombstoneTimeout = tombstoneTimeout;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getNodeName() {
		return this.nodeName;
	}

	public void setNodeName(@Nullable String nodeName) {
		this.nodeName = nodeName;
	}

	public String getBindAddress() {
		return this.bindAddress;
	}

	public void setBindAddress(String bindAddress) {
		this.bindAddress = bindAddress;
	}

	public int getBindPort() {
		return this.bindPort;
	}

	public void setBindPort(int bindPort) {
		this.bindPort = bindPort;
	}

	public @Nullable String getAdvertiseAddress() {
		return this.advertiseAddress;
	}

	public void setAdvertiseAddress(@Nullable String advertiseAddress) {
		this.advertiseAddress = advertiseAddress;
	}

	public @Nullable Integer getAdvertisePort() {
		return this.advertisePort;
	}

	public void setAdvertisePort(@Nullable Integer advertisePort) {
		this.advertisePort = advertisePort;
	}

	public Profile getProfile() {
		return this.profile;
	}

	public void setProfile(Profile profile) {
		this.profile = profile;
	}

	public List<String> getKeyring() {
		return this.keyring;
	}

	public void setKeyring(List<String> keyring) {
		this.keyring = keyring;
	}

}
