package io.laminardb.flink.parquet.testutils;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The read path of the Google Cloud Storage JSON API, in memory, on 127.0.0.1 (a free port), for
 * Flink's GCS file system ({@code gs.storage.root.url} pointed at it): no GCS emulator installs
 * here. It serves what the Hadoop GCS connector asks for when it lists and reads:
 *
 * <ul>
 *   <li>{@code GET /storage/v1/b/{bucket}}: the bucket's metadata (404 for another bucket);
 *   <li>{@code GET /storage/v1/b/{bucket}/o/{object}}: an object's metadata (404 when there is
 *       none);
 *   <li>{@code GET /storage/v1/b/{bucket}/o?prefix=&delimiter=&maxResults=&pageToken=}: a listing,
 *       objects under the prefix and, with a delimiter, the "directories" ({@code prefixes}), in
 *       pages;
 *   <li>{@code GET [/download]/storage/v1/b/{bucket}/o/{object}?alt=media} with or without {@code
 *       Range: bytes=a-b} / {@code bytes=a-}: the object's bytes (206 with {@code Content-Range}).
 * </ul>
 *
 * Anything else is answered {@code 501} and recorded, so a test sees a call it does not cover.
 *
 * <p>With {@link #requireServiceAccount(PublicKey)} it also checks credentials as GCS does for a
 * service account: {@code POST /token} (the OAuth token endpoint, {@code gs.token.server.url})
 * takes a JWT bearer assertion, checks its RS256 signature against the service account's public key
 * and issues an access token; every other request must carry one ({@code Authorization: Bearer}),
 * else it is answered {@code 401}. Without it, no authentication is checked. {@link #tokenLifetime}
 * makes the tokens expire (a request with an expired token is answered {@code 401}), and {@link
 * #failEvery} answers some requests with transient failures, as GCS does now and then. Register it
 * as a static JUnit 5 extension, one per test class.
 */
public final class GcsTestServer implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** bucket -> object name -> object. */
    private final Map<String, NavigableMap<String, StoredObject>> buckets =
            new ConcurrentHashMap<>();

    /** What was asked, one entry per request: "bucket", "object", "list", "media", "unknown". */
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final List<String> unknown = new CopyOnWriteArrayList<>();

    /** Access tokens issued by the token endpoint, with the time each expires. */
    private final Map<String, Instant> issuedTokens = new ConcurrentHashMap<>();

    /** How many requests each issued token has authorized. */
    private final Map<String, AtomicInteger> tokenUses = new ConcurrentHashMap<>();

    /** After how many uses a token is refused before its expiry; 0: never. */
    private volatile int revokeAfterUses;

    /** Whether the token endpoint refuses the service account (and every token is refused). */
    private volatile boolean accountRevoked;

    /** How long an issued token is valid. */
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    /** Every how many-th API request fails transiently; 0: none. */
    private volatile int failEvery;

    private final AtomicInteger apiRequests = new AtomicInteger();

    @Nullable private volatile PublicKey serviceAccountKey;
    private HttpServer server;
    private ExecutorService threads;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** {@code http://127.0.0.1:PORT/}, the value of {@code gs.storage.root.url}. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public void createBucket(String bucket) {
        buckets.putIfAbsent(bucket, new ConcurrentSkipListMap<>());
    }

    public void put(String bucket, String name, byte[] bytes) {
        buckets.get(bucket)
                .put(name, new StoredObject(bytes, Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    /** Uploads every file below {@code localDir} under {@code prefix}; returns the names. */
    public List<String> putTree(String bucket, String prefix, Path localDir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(localDir)) {
            for (Path file :
                    (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = prefix + localDir.relativize(file).toString().replace('\\', '/');
                put(bucket, name, Files.readAllBytes(file));
                names.add(name);
            }
        }
        return names;
    }

    /**
     * From now on, requests need an access token from {@code POST /token}, which issues one for a
     * JWT assertion signed with the private key of this public key.
     */
    public void requireServiceAccount(PublicKey publicKey) {
        this.serviceAccountKey = publicKey;
    }

    /** The access tokens issued so far (secrets a test looks for in logs). */
    public Set<String> issuedTokens() {
        return Set.copyOf(issuedTokens.keySet());
    }

    /**
     * From now on, tokens are issued for this long ({@code expires_in}), and a request with a token
     * older than that is answered {@code 401}.
     */
    public void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /**
     * From now on, a token is refused ({@code 401}) once it has authorized {@code uses} requests,
     * long before its announced expiry ({@code expires_in}), as GCS refuses a revoked token. The
     * refusals are recorded as "revoked" calls. 0: never.
     */
    public void revokeTokensAfterUses(int uses) {
        this.revokeAfterUses = uses;
    }

    /**
     * From now on, the token endpoint refuses the service account ({@code 401 unauthorized_client},
     * as for a deleted or disabled account) and every token issued before is refused ({@code 401}).
     */
    public void revokeServiceAccount() {
        this.accountRevoked = true;
    }

    /**
     * From now on, every {@code n}-th API request (the token endpoint's excepted) fails
     * transiently, in turn: {@code 503 backendError}, {@code 429 rateLimitExceeded}, and a media
     * download cut off after half its body (the connection closed; other requests get a {@code
     * 503}). Each is recorded as a "failed" call. 0: none.
     */
    public void failEvery(int n) {
        this.failEvery = n;
    }

    /** The kinds of the requests served so far, in order. */
    public List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** The requests this server does not implement ("METHOD uri"). */
    public List<String> unknownRequests() {
        return new ArrayList<>(unknown);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            PublicKey key = serviceAccountKey;
            if (key != null && method.equals("POST") && rawPath.equals("/token")) {
                calls.add("token");
                token(exchange, key);
                return;
            }
            if (key != null && !authorized(exchange)) {
                calls.add("unauthorized");
                json(exchange, 401, error(401, "Invalid Credentials"));
                return;
            }
            if (key != null && revoked(exchange)) {
                calls.add("revoked");
                json(exchange, 401, error(401, "Invalid Credentials"));
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int n = failEvery;
            int request = apiRequests.incrementAndGet();
            if (n > 0 && request % n == 0) {
                calls.add("failed");
                fail(exchange, (request / n) % 3, "media".equals(query.get("alt")));
                return;
            }
            String path = rawPath.startsWith("/download/") ? rawPath.substring(9) : rawPath;
            String[] parts = path.split("/", -1);
            // "", "storage", "v1", "b", bucket[, "o"[, object]]
            boolean api =
                    parts.length >= 5
                            && parts[1].equals("storage")
                            && parts[2].equals("v1")
                            && parts[3].equals("b");
            if (!api || !(method.equals("GET") || method.equals("HEAD"))) {
                unknown(exchange);
                return;
            }
            String bucket = decode(parts[4]);
            NavigableMap<String, StoredObject> objects = buckets.get(bucket);
            if (parts.length == 5) {
                calls.add("bucket");
                if (objects == null) {
                    notFound(exchange, "The specified bucket does not exist: " + bucket);
                } else {
                    json(exchange, 200, bucketJson(bucket));
                }
            } else if (parts.length == 6 && parts[5].equals("o")) {
                calls.add("list");
                if (objects == null) {
                    notFound(exchange, "The specified bucket does not exist: " + bucket);
                } else {
                    json(exchange, 200, listJson(bucket, objects, query));
                }
            } else if (parts.length == 7 && parts[5].equals("o")) {
                String name = decode(parts[6]);
                StoredObject object = objects == null ? null : objects.get(name);
                boolean media = "media".equals(query.get("alt"));
                calls.add(media ? "media" : "object");
                if (object == null) {
                    notFound(exchange, "No such object: " + bucket + "/" + name);
                } else if (media) {
                    media(exchange, object);
                } else {
                    json(exchange, 200, objectJson(bucket, name, object));
                }
            } else {
                unknown(exchange);
            }
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Instant expires = issuedTokens.get(authorization.substring(7).trim());
        return expires != null && Instant.now().isBefore(expires);
    }

    /** Whether the request's (valid) token was revoked: used up, or its account revoked. */
    private boolean revoked(HttpExchange exchange) {
        if (accountRevoked) {
            return true;
        }
        int limit = revokeAfterUses;
        String token = exchange.getRequestHeaders().getFirst("Authorization").substring(7).trim();
        int uses = tokenUses.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        return limit > 0 && uses > limit;
    }

    /** A transient failure of one of three kinds. */
    private static void fail(HttpExchange exchange, int kind, boolean media) throws IOException {
        if (kind == 1) {
            json(exchange, 429, error(429, "The rate of requests is too high"));
        } else if (kind == 2 && media) {
            // The headers promise a body that never comes whole: the client sees the connection
            // end half-way.
            byte[] half = new byte[512];
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 2L * half.length);
            OutputStream out = exchange.getResponseBody();
            out.write(half);
            out.flush();
            // closing the exchange with bytes missing closes the connection
        } else {
            json(exchange, 503, error(503, "Backend Error"));
        }
    }

    /** The OAuth token endpoint: a JWT bearer grant signed by the service account's key. */
    private void token(HttpExchange exchange, PublicKey key) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = query(body.replace("+", "%20"));
        String assertion = form.getOrDefault("assertion", "");
        String[] jwt = assertion.split("\\.");
        boolean valid = false;
        if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                && jwt.length == 3) {
            try {
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(key);
                rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
                valid = rs256.verify(Base64.getUrlDecoder().decode(jwt[2]));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                valid = false;
            }
        }
        if (valid && accountRevoked) {
            json(
                    exchange,
                    401,
                    "{\"error\":\"unauthorized_client\",\"error_description\":\"Client is"
                            + " unauthorized to retrieve access tokens.\"}");
            return;
        }
        if (!valid) {
            json(
                    exchange,
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token =
                "ya29.test-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Duration lifetime = tokenLifetime;
        issuedTokens.put(token, Instant.now().plus(lifetime));
        json(
                exchange,
                200,
                "{\"access_token\":\""
                        + token
                        + "\",\"expires_in\":"
                        + lifetime.toSeconds()
                        + ",\"token_type\":\"Bearer\"}");
    }

    private void unknown(HttpExchange exchange) throws IOException {
        calls.add("unknown");
        unknown.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        json(exchange, 501, error(501, "Not implemented by the test server"));
    }

    private static void media(HttpExchange exchange, StoredObject object) throws IOException {
        byte[] bytes = object.bytes;
        String range = exchange.getRequestHeaders().getFirst("Range");
        int from = 0;
        int to = bytes.length - 1;
        int status = 200;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches()) {
                json(exchange, 400, error(400, "Bad range: " + range));
                return;
            }
            from = Integer.parseInt(m.group(1));
            if (!m.group(2).isEmpty()) {
                to = Math.min(to, Integer.parseInt(m.group(2)));
            }
            if (from >= bytes.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
                json(exchange, 416, error(416, "Requested range not satisfiable"));
                return;
            }
            status = 206;
            exchange.getResponseHeaders()
                    .set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().set("x-goog-generation", String.valueOf(object.generation));
        int length = to - from + 1;
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, from, length);
        }
    }

    private static void notFound(HttpExchange exchange, String message) throws IOException {
        json(exchange, 404, error(404, message));
    }

    private static String error(int code, String message) {
        String reason =
                code == 404
                        ? "notFound"
                        : code == 401
                                ? "authError"
                                : code == 416
                                        ? "requestedRangeNotSatisfiable"
                                        : code == 429
                                                ? "rateLimitExceeded"
                                                : code == 503 ? "backendError" : "";
        return "{\"error\":{\"code\":"
                + code
                + ",\"message\":"
                + quote(message)
                + ",\"errors\":[{\"domain\":\"global\",\"reason\":\""
                + reason
                + "\",\"message\":"
                + quote(message)
                + "}]}}";
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String bucketJson(String bucket) {
        return "{\"kind\":\"storage#bucket\",\"id\":"
                + quote(bucket)
                + ",\"name\":"
                + quote(bucket)
                + ",\"projectNumber\":\"1\",\"metageneration\":\"1\",\"location\":\"US\","
                + "\"storageClass\":\"STANDARD\",\"etag\":\"CAE=\","
                + "\"timeCreated\":\"2024-01-01T00:00:00.000Z\","
                + "\"updated\":\"2024-01-01T00:00:00.000Z\"}";
    }

    private static String objectJson(String bucket, String name, StoredObject object) {
        String time = object.created.toString();
        return "{\"kind\":\"storage#object\",\"id\":"
                + quote(bucket + "/" + name + "/" + object.generation)
                + ",\"name\":"
                + quote(name)
                + ",\"bucket\":"
                + quote(bucket)
                + ",\"generation\":\""
                + object.generation
                + "\",\"metageneration\":\"1\",\"contentType\":\"application/octet-stream\","
                + "\"storageClass\":\"STANDARD\",\"size\":\""
                + object.bytes.length
                + "\",\"etag\":\"CAE=\",\"timeCreated\":\""
                + time
                + "\",\"updated\":\""
                + time
                + "\"}";
    }

    /** Objects and, with a delimiter, prefixes under the prefix, in name order, paged. */
    private static String listJson(
            String bucket, NavigableMap<String, StoredObject> objects, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        boolean trailing = "true".equals(query.get("includeTrailingDelimiter"));
        // name -> object (null for a prefix), in name order
        TreeMap<String, StoredObject> entries = new TreeMap<>();
        Set<String> prefixes = new TreeSet<>();
        for (Map.Entry<String, StoredObject> e : objects.tailMap(prefix, true).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(prefix)) {
                break;
            }
            String rest = name.substring(prefix.length());
            int at = delimiter == null || delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
            if (at >= 0) {
                String dir = prefix + rest.substring(0, at + delimiter.length());
                prefixes.add(dir);
                entries.putIfAbsent(dir, null);
                if (trailing && dir.equals(name)) {
                    entries.put(name, e.getValue());
                }
            } else {
                entries.put(name, e.getValue());
            }
        }
        int offset = query.containsKey("pageToken") ? Integer.parseInt(query.get("pageToken")) : 0;
        int max =
                query.containsKey("maxResults")
                        ? Math.max(1, Integer.parseInt(query.get("maxResults")))
                        : 1000;
        List<String> items = new ArrayList<>();
        List<String> pagePrefixes = new ArrayList<>();
        int index = 0;
        int taken = 0;
        for (Map.Entry<String, StoredObject> e : entries.entrySet()) {
            if (index++ < offset) {
                continue;
            }
            if (taken == max) {
                break;
            }
            taken++;
            if (e.getValue() != null) {
                items.add(objectJson(bucket, e.getKey(), e.getValue()));
            }
            if (prefixes.contains(e.getKey())) {
                pagePrefixes.add(quote(e.getKey()));
            }
        }
        StringBuilder json = new StringBuilder("{\"kind\":\"storage#objects\"");
        if (!items.isEmpty()) {
            json.append(",\"items\":[").append(String.join(",", items)).append(']');
        }
        if (!pagePrefixes.isEmpty()) {
            json.append(",\"prefixes\":[").append(String.join(",", pagePrefixes)).append(']');
        }
        if (offset + taken < entries.size()) {
            json.append(",\"nextPageToken\":\"").append(offset + taken).append('"');
        }
        return json.append('}').toString();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                query.put(decode(pair), "");
            } else {
                query.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    /** Percent-decoding of a URI component ('+' is a plus: names are encoded as path segments). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static final class StoredObject {
        private static long nextGeneration = 1_700_000_000_000_000L;

        final byte[] bytes;
        final Instant created;
        final long generation;

        StoredObject(byte[] bytes, Instant created) {
            this.bytes = bytes;
            this.created = created;
            synchronized (StoredObject.class) {
                this.generation = nextGeneration++;
            }
        }
    }
}
