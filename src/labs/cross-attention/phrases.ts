// A small English–Japanese phrase set written for this lab: subject–verb–object sentences, word-level
// tokens (Japanese pre-split into words: 私 は 猫 が 好き). Every source has 3 words and every target
// 5, so a batch needs no padding. "I love cats" → 私 は 猫 が 好き is the sentence seed 003 draws.
export const PHRASES: Array<[string, string]> = [
  ['I love cats', '私 は 猫 が 好き'],
  ['I love dogs', '私 は 犬 が 好き'],
  ['you love cats', 'あなた は 猫 が 好き'],
  ['you love dogs', 'あなた は 犬 が 好き'],
  ['he loves fish', '彼 は 魚 が 好き'],
  ['she loves birds', '彼女 は 鳥 が 好き'],
  ['we love cats', '私たち は 猫 が 好き'],
  ['they love dogs', '彼ら は 犬 が 好き'],
  ['cats love fish', '猫 は 魚 が 好き'],
  ['dogs love rice', '犬 は ご飯 が 好き'],
  ['I see birds', '私 は 鳥 を 見る'],
  ['you see cats', 'あなた は 猫 を 見る'],
  ['he sees dogs', '彼 は 犬 を 見る'],
  ['she sees fish', '彼女 は 魚 を 見る'],
  ['they see cats', '彼ら は 猫 を 見る'],
  ['birds see cats', '鳥 は 猫 を 見る'],
  ['I eat fish', '私 は 魚 を 食べる'],
  ['you eat bread', 'あなた は パン を 食べる'],
  ['he eats rice', '彼 は ご飯 を 食べる'],
  ['she eats bread', '彼女 は パン を 食べる'],
  ['we eat rice', '私たち は ご飯 を 食べる'],
  ['cats eat fish', '猫 は 魚 を 食べる'],
  ['dogs eat rice', '犬 は ご飯 を 食べる'],
  ['I drink tea', '私 は お茶 を 飲む'],
  ['you drink water', 'あなた は 水 を 飲む'],
  ['he drinks milk', '彼 は 牛乳 を 飲む'],
  ['she drinks tea', '彼女 は お茶 を 飲む'],
  ['we drink water', '私たち は 水 を 飲む'],
  ['cats drink milk', '猫 は 牛乳 を 飲む'],
  ['dogs drink water', '犬 は 水 を 飲む'],
];

export const BOS = '<bos>';
export const EOS = '<eos>';

const words = (s: string) => s.split(' ');
const uniq = (xs: string[]) => [...new Set(xs)];

/** Source vocabulary (English words, in order of first appearance). */
export const SRC_VOCAB = uniq(PHRASES.flatMap(([en]) => words(en)));
/** Target vocabulary: <bos>, <eos>, then the Japanese words in order of first appearance. */
export const TGT_VOCAB = [BOS, EOS, ...uniq(PHRASES.flatMap(([, ja]) => words(ja)))];
