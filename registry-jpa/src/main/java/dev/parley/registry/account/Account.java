package dev.parley.registry.account;

import dev.parley.protocol.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered user: the name others find them by and the Argon2id hash of their password. */
@Entity
@Table(name = "account")
@NamedQuery(name = Account.FIND_BY_USERNAME,
        query = "select a from Account a where a.usernameKey = :usernameKey")
@NamedQuery(name = Account.STAMP_LOGIN,
        query = "update Account a set a.lastLoginAt = :at where a.id = :id and a.identityKey = :key")
@NamedQuery(name = Account.STAMP_LOGIN_KEYLESS,
        query = "update Account a set a.lastLoginAt = :at where a.id = :id and a.identityKey is null")
public class Account {
    public static final String FIND_BY_USERNAME = "Account.findByUsername";
    /** A login's time, on an account whose identity key is still the one the login read. */
    public static final String STAMP_LOGIN = "Account.stampLogin";
    /** The same, on an account that still has no identity key. */
    public static final String STAMP_LOGIN_KEYLESS = "Account.stampLoginKeyless";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 32)
    private String username;

    /** The name in lower case: what uniqueness and look-ups use, so "Alice" and "alice" are one account. */
    @Column(name = "username_key", nullable = false, length = 32)
    private String usernameKey;

    /** PHC-format Argon2id string: algorithm, parameters, salt and hash together. */
    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    /**
     * The account's public identity key: base64 of an EC P-256 key's X.509 SubjectPublicKeyInfo,
     * made on the client at registration (or at the first login offering one, for older accounts).
     */
    @Column(name = "identity_key", length = 200)
    private String identityKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    protected Account() {
    }

    public Account(String username, String passwordHash, String identityKey, Instant createdAt) {
        this.username = username;
        this.usernameKey = Names.key(username);
        this.passwordHash = passwordHash;
        this.identityKey = identityKey;
        this.createdAt = createdAt;
    }


    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public String getIdentityKey() {
        return identityKey;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastLoginAt() {
        return lastLoginAt;
    }

    public void recordLogin(Instant at) {
        this.lastLoginAt = at;
    }

    /** Takes the first identity key of an account that had none; a held key is never replaced here. */
    public void enrolIdentityKey(String key) {
        if (identityKey != null) {
            throw new IllegalStateException("account " + username + " already has an identity key");
        }
        this.identityKey = key;
    }

    /** Replaces the hash, e.g. when the hashing parameters were raised since it was made. */
    public void rehashPassword(String newHash) {
        this.passwordHash = newHash;
    }
}
