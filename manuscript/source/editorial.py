"""The editor's structural edits to the imported first title.

Redo the edition from its source:

    cp manuscript/errata.tsv /tmp/m/ && publish import manuscript/source/cliff-trotsky-1927-1940.txt -o /tmp/m
    (cd /tmp/m && python3 /path/to/manuscript/source/editorial.py)

Text corrections are not here but in errata.tsv (applied by the import). This
script supplies table captions and column heads, rebuilds the one table the
import cannot settle (SAP votes), takes the sentences that introduce a quotation
out of the quotation, and sets the edition's metadata.

Structural repairs of the import, each list matched on distinctive words and
reported (NO MATCH ...) when an entry no longer matches:
  paragraph-splits.tsv       one paragraph run together from two (a quote and
                             the author's next sentence): split, the second
                             part is the author's text
  quote-introductions.txt    the author's sentence taken into a block quote
  paragraph-joins.tsv        one paragraph broken in two (old page break)
  quote-continuations.txt    a quotation left as the author's text"""
import glob, re, shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent


def read_lines(fname):
    return open(fname, encoding='utf-8').read().split('\n')


def write_lines(fname, L):
    open(fname, 'w', encoding='utf-8').write('\n'.join(L))


def chapter_files():
    return sorted(glob.glob('*.md'))


def entries(name):
    """The rows of one of the edit lists beside this script, tab-split."""
    return [row.rstrip('\n').split('\t') for row in open(HERE / name, encoding='utf-8')
            if row.strip() and not row.startswith('#')]


def edit(fname, old, new, required=True):
    s = open(fname, encoding='utf-8').read()
    if s.count(old) != 1:
        if required:
            print('MISSING', fname, old[:70].replace('\n', '|'), s.count(old)); 
        return False
    open(fname, 'w', encoding='utf-8').write(s.replace(old, new)); return True

def retable(fname, first_line_prefix, new_block):
    """Replace the pipe table whose first row starts with first_line_prefix (and
    a caption paragraph right before it, if any) by new_block."""
    L = read_lines(fname)
    i = next((k for k, l in enumerate(L) if l.startswith(first_line_prefix)), None)
    if i is None:
        print('NO TABLE', fname, first_line_prefix); return
    j = i
    while j < len(L) and L[j].startswith('|'): j += 1
    if i >= 2 and L[i-2].startswith('Table:'): i -= 2
    L[i:j] = new_block.split('\n')
    write_lines(fname, L)

F1 = glob.glob('01-*.md')[0]
retable(F1, '|             | Peasant', '''Table: Percentage of Peasant Households Collectivised[^33]

| Date        | %    |
| :---------- | ---: |
| 1 Jun. 1928 | 1.7  |
| 1 Jun. 1929 | 3.9  |
| 1 Oct. 1929 | 7.5  |
| 1 Jan. 1930 | 18.1 |
| 1 Feb. 1930 | 31.7 |
| 1 Mar. 1930 | 57.2 |''')
F6 = glob.glob('06-*.md')[0]
retable(F6, '| Landtag elections', '''Table: SAP votes, 1932

|               | Landtag elections 24 Apr. 1932 | Reichstag elections 31 Jul. 1932 | Reichstag elections 6 Nov. 1932 |
| :------------ | -----------------------------: | -------------------------------: | ------------------------------: |
| Breslau       | 14,355                         | 7,718                            | 5,852                           |
| Westfalen Süd | 7,717                          | 3,176                            | 1,648                           |
| Hessen-Nassau | 7,532                          | 2,925                            | 1,779                           |
| Bayern        | 13,437                         | 4,400                            | 959                             |
| Hamburg       | 2,302                          | 1,955                            | 715                             |''')
retable(F6, '| No. of members', '''Table: Branches of the German Trotskyists by size, June 1932

| No. of members | No. of branches | Places                                                            |
| :------------- | --------------: | :---------------------------------------------------------------- |
| 1–3            | 14              | (including Erfurt and Köln)                                       |
| 4–15           | 15              | (including Breslau, Dresden, Düsseldorf, Frankfurt and Stuttgart) |
| 20+            | 5               | (Berlin, Leipzig, Hamburg, Oranienburg, Bruchsal)                 |''')

def caption_and_head(fname, first_row_prefix, caption, header):
    L = read_lines(fname)
    i = next((k for k, l in enumerate(L) if l.startswith('|') and k + 2 < len(L)
              and L[k+2].startswith(first_row_prefix) and not L[k-2].startswith('Table:')), None)
    if i is None:
        print('NO HEADLESS TABLE', fname, first_row_prefix); return
    L[i] = header
    L[i:i] = ['Table: ' + caption, '']
    write_lines(fname, L)

caption_and_head(glob.glob('05-*.md')[0], '| 1924 ', 'Strike days in Germany, 1924-32', '| Year | Strike days |')
F9 = glob.glob('09-*.md')[0]
caption_and_head(F9, '| 1933      | 29,000', 'Membership of the Communist Party (PCF), 1933-36', '| Date | Members | Date | Members |')
caption_and_head(F9, '| 1933      | 3,500', 'Membership of the Young Communists, 1933-36', '| Date | Members |')
caption_and_head(glob.glob('14-*.md')[0], '| 1927 ', 'Labour force of the Gulags, 1927-38', '| Year | Labour force |')

# one paragraph that the import ran together: split before 'start' (paragraph-splits.tsv:
# 'text before<TAB>start of new paragraph'); the new one is the author's text, not quoted
def split_paragraph(before, start):
    for f in chapter_files():
        L = read_lines(f)
        for i, l in enumerate(L):
            k = l.find(before + ' ' + start)
            if k >= 0:
                L[i:i+1] = [l[:k + len(before)], '', l[k + len(before) + 1:]]
                if l.startswith('> '):
                    if L[i+2].startswith('> '): L[i+2] = L[i+2][2:]
                    if i + 3 < len(L) and L[i+3] == '>': L[i+3] = ''
                write_lines(f, L); return True
    print('NO MATCH paragraph-splits:', before, '|', start); return False
print('paragraph splits:', sum(split_paragraph(*row[:2]) for row in entries('paragraph-splits.tsv')))

# book.toml
t = open('book.toml', encoding='utf-8').read()
def setkey(k, v):
    global t
    t = re.sub(rf'^{k} = "[^"]*"', lambda m: f'{k} = "{v}"', t, count=1, flags=re.M)
setkey('publisher', 'Phoenix Reprints')
setkey('identifier', 'urn:uuid:3b1f6f4e-2d8c-5a57-9c41-7e0d2a9b6c15')
setkey('date', '2026-11-25')
setkey('rights', 'Text © 1993 the Estate of Tony Cliff. This edition © 2026 Phoenix Reprints. All rights reserved.')
setkey('description', 'The last volume of Tony Cliff’s political biography of Leon Trotsky covers the years 1927 to 1940, from Trotsky’s banishment to Alma Ata to his assassination in Mexico: Stalin’s forced collectivisation and industrialisation, the rise of Hitler, the Popular Fronts in France and Spain, the founding of the Fourth International, The Revolution Betrayed and the Moscow Trials. First published by Bookmarks in 1993 and long out of print.')
for l in ['    "Cover photograph: Trotsky, from a photo with American Trotskyites Harry De Boer, James H. Bartlett and their spouses, April 5, 1940 Wikimedia Commons",\n',
          '    "At the time of ebook conversion this title was out of print.",\n',
          '    "Other works of Tony Cliff are available in hardcopy from: https://bookmarksbookshop.co.uk/",\n']:
    t = t.replace(l, '')
if '"editors-note.md"' not in t:
    t = t.replace('front = [\n', 'front = [\n    "editors-note.md",\n', 1)
open('book.toml', 'w', encoding='utf-8').write(t)
shutil.copy(HERE / 'editors-note.md', 'editors-note.md')

# a quote and the narrative after it, run together by the import
F3 = glob.glob('03-*.md')[0]
edit(F3, "> The development of the productive forces of the Soviet Union is the most colossal phenomenon of contemporary history. The gigantic advantage of a planned leadership has been demonstrated with a force which nothing can ever refute.[^16] This major economic development",
     "> The development of the productive forces of the Soviet Union is the most colossal phenomenon of contemporary history. The gigantic advantage of a planned leadership has been demonstrated with a force which nothing can ever refute.[^16]\n\nThis major economic development")

# narrative sentences introducing a quote, taken into the quote by the import
targets = [row[0].strip() for row in entries('quote-introductions.txt')]
done = 0
for f in chapter_files():
    L = read_lines(f); changed = False
    for i, l in enumerate(L):
        if l.startswith('> ') and any(l[2:].startswith(t) for t in targets):
            L[i] = l[2:]
            if i > 0 and L[i-1] == '>': L[i-1] = ''
            if i + 1 < len(L) and L[i+1] == '>': L[i+1] = ''
            changed = True; done += 1
    if changed: write_lines(f, L)
print('quote intros fixed:', done)
book_lines = [line for f in chapter_files() for line in read_lines(f)]
for t in targets:
    if not any(line.startswith((t, '> ' + t)) for line in book_lines):
        print('NO MATCH quote-introductions:', t)

# paragraphs split in two by the import (at an old page break or a narrower
# last line): 'end of first<TAB>start of second' in paragraph-joins.tsv
def join_paragraphs(end, start):
    for f in chapter_files():
        L = read_lines(f)
        for i in range(len(L) - 2):
            b = L[i+2][2:] if L[i+2].startswith('> ') else L[i+2]
            if L[i].endswith(end) and L[i+1] in ('', '>') and b.startswith(start):
                L[i:i+3] = [L[i] + ('' if b.startswith('[^') else ' ') + b]  # a note marker sits on its word
                # a quote's separator left after a paragraph that is not a quote
                if not L[i].startswith('> ') and i + 1 < len(L) and L[i+1] == '>': L[i+1] = ''
                write_lines(f, L); return True
    print('NO MATCH paragraph-joins:', end, '|', start); return False
print('paragraph joins:', sum(join_paragraphs(*row[:2]) for row in entries('paragraph-joins.tsv')))

# paragraphs of a quotation that the import left as the author's text
# (quote-continuations.txt; every paragraph that starts so is made a quote)
conts = [row[0].strip() for row in entries('quote-continuations.txt')]
done = 0
for t in conts:
    hit = False
    for f in chapter_files():
        L = read_lines(f); changed = False
        for i, l in enumerate(L):
            if l.startswith(t):
                L[i] = '> ' + l; hit = changed = True; done += 1
                # one quote with the quote before it; with the one after it too
                # unless this paragraph closes with its note marker
                if i >= 2 and L[i-1] == '' and L[i-2].startswith('> '): L[i-1] = '>'
                if i + 2 < len(L) and L[i+1] == '' and L[i+2].startswith('> ') \
                   and not re.search(r'\[\^\d+\]$', l): L[i+1] = '>'
        if changed: write_lines(f, L)
    if not hit: print('NO MATCH quote-continuations:', t)
print('quote continuations fixed:', done)

