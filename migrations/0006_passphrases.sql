-- Profile passphrases: an admin may require one for any profile. Only an Argon2id hash in
-- PHC form ("$argon2id$v=19$...") is kept; NULL means the profile opens without one.
ALTER TABLE moderators ADD COLUMN passphrase_hash TEXT
    CHECK (passphrase_hash IS NULL OR substr(passphrase_hash, 1, 10) = '$argon2id$');
