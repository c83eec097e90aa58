-- Post-restore masking for the local demo: production e-mail addresses and phone numbers must not
-- survive into staging. Runs in one transaction; any error rolls the whole script back.
UPDATE demo.customers
   SET email = 'customer-' || id || '@example.invalid',
       phone = NULL
 WHERE email NOT LIKE '%@example.invalid';
