/**
 * Passwords of 10+ characters that lead the public breach-corpus frequency lists (shorter ones
 * already fail the length rule). A short list checked in memory: it stops the guesses an attacker
 * tries first, cheaply, without a network lookup; it is not a full breach check.
 */
const COMMON = new Set([
  '0123456789', '0987654321', '1111111111', '1122334455', '1234512345', '1234554321', '1234567890', '12345678910',
  '1234567891', '123456789a', '1234567890a', '1234567890q', '123123123123', '123456123456', '1234abcd12', '1234qwerty',
  '123qweasdzxc', '1472583690', '159753456852', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx3e', '1qaz2wsx3edc', '1qazxsw23edc',
  '5555555555', '7777777777', '9876543210', 'a123456789', 'abc1234567', 'abc123abc123', 'abcd123456', 'abcdefghij',
  'asdf123456', 'asdfasdfasdf', 'asdfghjkl1', 'asdfghjkl;', 'baseball12', 'baseball123', 'basketball', 'butterfly1',
  'changeme123', 'charlie123', 'chocolate1', 'christopher', 'computer12', 'computer123', 'dragon1234', 'elizabeth1',
  'football12', 'football123', 'internet12', 'iloveyou12', 'iloveyou123', 'jordan2323', 'liverpool1', 'michael123',
  'monkey1234', 'mustang123', 'mypassword', 'mypassword1', 'passwordpassword', 'pokemon123', 'postoffice', 'postoffice1',
  'princess12', 'princess123', 'q1w2e3r4t5', 'q1w2e3r4t5y6', 'q2w3e4r5t6', 'qazwsxedc123', 'qazwsxedcrfv', 'qwerasdfzxcv',
  'qwerty1234', 'qwerty12345', 'qwertyqwerty', 'qwertyuiop', 'qwertyuiop1', 'samsung123', 'secretpassword', 'spiderman1',
  'starwars12', 'starwars123', 'sunshine12', 'superman12', 'superman123', 'thisismypassword', 'trustno1234', 'usps123456',
  'whatever12', 'zaq12wsxcde3', 'zxcvbnm123', 'zxcvbnmasdfghjkl', 'administrator', 'adminadmin', 'admin12345', 'admin123456',
]);

/** A famous word with digits or symbols stuck on (`Password2024!`, `qwerty123456`). */
const WORD_PLUS_SUFFIX = /^(password|passw0rd|p@ssw0rd|qwerty|iloveyou|letmein|welcome|admin|abc123|monkey|dragon)[\d\W_]*$/;

/** True for a password that appears in the common lists or is one of their trivial variants. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || WORD_PLUS_SUFFIX.test(lower)) return true;
  // One or two characters repeated (`aaaaaaaaaa`, `ababababab`) are guessed first too.
  return new Set(lower).size <= 2;
}
