import { Link } from 'wouter-preact';
import { Title } from '../components/ui';

export function NotFoundPage() {
  return (
    <>
      <Title>Page not found</Title>
      <p>
        There is no page here. Use the search box to find a record, or go <Link href="/">home</Link>
        .
      </p>
    </>
  );
}
