-- The app's client id (issue 11 item 8): the aud of the session JWTs of this account's SAML
-- logins. NULL: the aud is the account id (docs/saml.md "Verifying a session").
ALTER TABLE saml_config ADD COLUMN client_id text;
