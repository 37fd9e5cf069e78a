// Administration: built in the pages issue (stub).
import { h } from './dom.js';
import { t } from './i18n.js';

export function unitsPage() {
  return {
    titleKey: 'nav.admin',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.admin' }, t('nav.admin'))),
  };
}

export function usersPage() {
  return {
    titleKey: 'nav.admin',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.admin' }, t('nav.admin'))),
  };
}

export function auditPage() {
  return {
    titleKey: 'nav.admin',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.admin' }, t('nav.admin'))),
  };
}

export function rulepackPage() {
  return {
    titleKey: 'nav.admin',
    node: h('section', { class: 'card' },
      h('h1', { id: 'page-h', tabindex: '-1', 'data-i18n': 'nav.admin' }, t('nav.admin'))),
  };
}

